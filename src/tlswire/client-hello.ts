// ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2, RFC 6101 §5.6.1.2 for SSL 3.0), parsed from a
// handshake message body, plus a summary of the fields a scanner or a UI asks about first.
import { type Result, attempt } from './errors.js';
import { readExtensions } from './extensions.js';
import { type Extension, findExtension } from './extension-forms.js';
import { ByteReader } from './reader.js';
import { isGrease } from './registry/grease.js';

export interface ClientHello {
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipherSuites: readonly number[];
  readonly compressionMethods: readonly number[];
  /** False when the hello ended after compression_methods (SSL 3.0 and old TLS 1.0 clients). */
  readonly hasExtensions: boolean;
  readonly extensions: readonly Extension[];
}

export function parseClientHello(body: Uint8Array): Result<ClientHello> {
  return attempt(() => {
    const r = new ByteReader(body);
    const legacyVersion = r.u16('legacy_version');
    const random = r.bytesOf(32, 'random');
    const sessionId = r.vector(1, 'legacy_session_id');
    if (sessionId.length > 32)
      r.fail('bad-length', `session id of ${sessionId.length} bytes (max 32)`);
    const cipherSuites = r.u16List(2, 'cipher_suites', 2);
    const compressionMethods = r.u8List('compression_methods', 1);
    // RFC 5246 §7.4.1.2: "the presence of extensions can be detected by determining whether there
    // are bytes following the compression_methods field".
    const hasExtensions = r.remaining > 0;
    const extensions = hasExtensions ? readExtensions(r, 'client_hello') : [];
    r.end('client_hello');
    return {
      legacyVersion,
      random,
      sessionId,
      cipherSuites,
      compressionMethods,
      hasExtensions,
      extensions,
    };
  });
}

export interface ClientHelloSummary {
  readonly serverName: string | null;
  /** supported_versions if present (RFC 8446 §4.2.1), else the legacy_version alone. */
  readonly versions: readonly number[];
  readonly cipherSuites: readonly number[];
  readonly groups: readonly number[];
  readonly keyShareGroups: readonly number[];
  readonly signatureAlgorithms: readonly number[];
  readonly alpn: readonly string[];
  /** GREASE values found anywhere in the hello's lists (RFC 8701). */
  readonly greaseSeen: boolean;
}

/** The commonly needed fields, with GREASE values filtered out of the lists. */
export function summarizeClientHello(hello: ClientHello): ClientHelloSummary {
  const ex = hello.extensions;
  const sv = findExtension(ex, 'supported_versions');
  const allVersions = sv && sv.form === 'list' ? sv.versions : [hello.legacyVersion];
  const ks = findExtension(ex, 'key_share');
  const allShares = ks && ks.form === 'client' ? ks.shares.map((s) => s.group) : [];
  const allGroups = findExtension(ex, 'supported_groups')?.groups ?? [];
  const allSchemes = findExtension(ex, 'signature_algorithms')?.schemes ?? [];
  const everything = [
    ...allVersions,
    ...allShares,
    ...allGroups,
    ...allSchemes,
    ...hello.cipherSuites,
  ];
  const clean = (xs: readonly number[]): number[] => xs.filter((x) => !isGrease(x));
  return {
    serverName: findExtension(ex, 'server_name')?.hostNames[0] ?? null,
    versions: clean(allVersions),
    cipherSuites: clean(hello.cipherSuites),
    groups: clean(allGroups),
    keyShareGroups: clean(allShares),
    signatureAlgorithms: clean(allSchemes),
    alpn: findExtension(ex, 'application_layer_protocol_negotiation')?.protocols ?? [],
    greaseSeen: everything.some(isGrease) || ex.some((e) => e.name === 'unknown' && e.grease),
  };
}
