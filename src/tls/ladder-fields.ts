// The key fields of each handshake message for the ladder: registry names for the numbers
// (IANA spellings), sizes for the opaque parts, wire strings escaped. Key shares, randoms,
// signatures, Finished MACs and tickets are shown by length only: they are key material or
// derived from it, and a learner gains nothing from the hex.
import { parseCertificate } from './presented.js';
import type { HandshakeFieldValue } from '../model/tls.js';
import { escapeText } from '../smtp/escape.js';
import {
  type Extension,
  type ParsedHandshake,
  cipherSuiteName,
  extensionName,
  findExtension,
  groupName,
  signatureSchemeName,
  summarizeClientHello,
  versionName,
} from '../tlswire/index.js';

export type Fields = Record<string, HandshakeFieldValue>;

const MAX_LIST = 64;
const names = (xs: readonly number[], name: (x: number) => string): string[] =>
  xs.slice(0, MAX_LIST).map(name);
const extNames = (ex: readonly Extension[]): string[] =>
  ex.slice(0, MAX_LIST).map((e) => escapeText(extensionName(e.code)));

function certificateFields(ders: readonly Uint8Array[], ocsp: Uint8Array | null): Fields {
  const subjects: string[] = [];
  const fingerprints: string[] = [];
  for (const der of ders.slice(0, MAX_LIST)) {
    const x = parseCertificate(der);
    subjects.push(x ? escapeText(x.subject.replace(/\n/g, ', ')) : '(not an X.509 certificate)');
    fingerprints.push(x ? x.fingerprint256 : '');
  }
  return {
    certificates: ders.length,
    subjects,
    fingerprints256: fingerprints,
    ocspStapled: ocsp !== null,
    ...(ocsp ? { ocspBytes: ocsp.length } : {}),
  };
}

/** Fields of a parsed handshake message; `type` is the name the ladder shows. */
export function fieldsOf(p: ParsedHandshake): { type: string; fields: Fields } {
  switch (p.type) {
    case 'client_hello': {
      const m = p.message;
      const s = summarizeClientHello(m);
      return {
        type: 'client_hello',
        fields: {
          versions: names(s.versions, versionName),
          cipherSuites: names(s.cipherSuites, cipherSuiteName),
          groups: names(s.groups, groupName),
          keyShares: names(s.keyShareGroups, groupName),
          signatureAlgorithms: names(s.signatureAlgorithms, signatureSchemeName),
          sni: s.serverName === null ? '' : escapeText(s.serverName),
          alpn: s.alpn.slice(0, MAX_LIST).map((a) => escapeText(a)),
          sessionIdBytes: m.sessionId.length,
          extensions: extNames(m.extensions),
        },
      };
    }
    case 'server_hello': {
      const m = p.message;
      const fields: Fields = {
        version: versionName(m.selectedVersion),
        cipherSuite: cipherSuiteName(m.cipherSuite),
        extensions: extNames(m.extensions),
      };
      if (m.keyShareGroup !== null) fields.group = groupName(m.keyShareGroup);
      if (m.downgradeSentinel) fields.downgradeSentinel = m.downgradeSentinel;
      if (m.isHelloRetryRequest && findExtension(m.extensions, 'cookie')) fields.cookie = true;
      return { type: m.isHelloRetryRequest ? 'hello_retry_request' : 'server_hello', fields };
    }
    case 'encrypted_extensions': {
      const ex = p.message.extensions;
      const alpn = findExtension(ex, 'application_layer_protocol_negotiation');
      const limit = findExtension(ex, 'record_size_limit');
      return {
        type: p.type,
        fields: {
          extensions: extNames(ex),
          ...(alpn ? { alpn: alpn.protocols.map((a) => escapeText(a)) } : {}),
          ...(findExtension(ex, 'server_name') ? { sniAcknowledged: true } : {}),
          ...(limit ? { recordSizeLimit: limit.limit } : {}),
        },
      };
    }
    case 'certificate': {
      if (p.form === 'tls12')
        return { type: p.type, fields: certificateFields(p.message.certificates, null) };
      const entries = p.message.entries;
      const status = entries[0]
        ? findExtension(entries[0].extensions, 'status_request')
        : undefined;
      const ocsp = status && status.form === 'response' ? status.response : null;
      return {
        type: p.type,
        fields: {
          ...certificateFields(
            entries.map((e) => e.data),
            ocsp,
          ),
          entryExtensions: [...new Set(entries.flatMap((e) => extNames(e.extensions)))],
        },
      };
    }
    case 'certificate_request': {
      const schemes =
        p.form === 'tls12'
          ? (p.message.signatureAlgorithms ?? [])
          : (findExtension(p.message.extensions, 'signature_algorithms')?.schemes ?? []);
      return { type: p.type, fields: { signatureAlgorithms: names(schemes, signatureSchemeName) } };
    }
    case 'certificate_verify':
      return {
        type: p.type,
        fields: {
          signatureScheme: signatureSchemeName(p.message.scheme),
          signatureBytes: p.message.signatureLength,
        },
      };
    case 'server_key_exchange': {
      const m = p.message;
      if (m.kind === 'psk') return { type: p.type, fields: { kind: 'psk' } };
      const fields: Fields =
        m.kind === 'ecdhe'
          ? { group: groupName(m.namedGroup), publicKeyBytes: m.publicKeyLength }
          : { dhPrimeBits: m.pBits, publicKeyBytes: m.ysLength };
      if (m.signature?.scheme !== null && m.signature?.scheme !== undefined)
        fields.signatureScheme = signatureSchemeName(m.signature.scheme);
      if (m.signature) fields.signatureBytes = m.signature.signatureLength;
      return { type: p.type, fields };
    }
    case 'server_hello_done':
    case 'hello_request':
      return { type: p.type, fields: {} };
    case 'certificate_status':
      return { type: p.type, fields: { ocspBytes: p.message.response.length } };
    case 'finished':
      return { type: p.type, fields: { verifyDataBytes: p.message.verifyData.length } };
    case 'new_session_ticket': {
      if (p.form === 'tls12')
        return {
          type: p.type,
          fields: { lifetimeSeconds: p.message.lifetimeHint, ticketBytes: p.message.ticketLength },
        };
      const early = findExtension(p.message.extensions, 'early_data');
      return {
        type: p.type,
        fields: {
          lifetimeSeconds: p.message.lifetime,
          ticketBytes: p.message.ticketLength,
          ...(early && early.form === 'max_size' ? { maxEarlyData: early.maxEarlyDataSize } : {}),
        },
      };
    }
    case 'key_update':
      return { type: p.type, fields: { updateRequested: p.message.requestUpdate === 1 } };
    case 'other':
      return { type: escapeText(p.typeName), fields: {} };
    default: {
      const never: never = p;
      return never;
    }
  }
}
