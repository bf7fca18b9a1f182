// Words for the handshake X-ray: each message's name and what it negotiates and why, the
// offered-against-chosen items, where a failed handshake stopped, and the --keylog warning.
import type { HandshakeDir, HandshakeStep, TlsFailure } from '../model/tls.js';
import type { NegotiatedItem } from '../tls/negotiation.js';
import { escapeText } from '../smtp/escape.js';

interface MessageWords {
  /** The name people read in RFC 8446's diagrams. */
  name: string;
  what: string;
  rfc: string;
}

const WORDS: Readonly<Record<string, MessageWords>> = {
  client_hello: {
    name: 'ClientHello',
    what: 'We open the handshake: the TLS versions, cipher suites and key-exchange groups we can use, a key share for the group we guess the server will take, the signature schemes we accept and the server name (SNI) so it can pick the right certificate.',
    rfc: 'RFC 8446 §4.1.2',
  },
  hello_retry_request: {
    name: 'HelloRetryRequest',
    what: 'The server can use none of the key shares we sent, but one of the groups we listed: it names that group and asks for the ClientHello again. One round trip more.',
    rfc: 'RFC 8446 §4.1.4',
  },
  server_hello: {
    name: 'ServerHello',
    what: "The server's choices: the version, the cipher suite and (TLS 1.3) its key share for the group. From the two shares both sides compute the same secret; in TLS 1.3 everything after this message is encrypted.",
    rfc: 'RFC 8446 §4.1.3; TLS 1.2: RFC 5246 §7.4.1.3',
  },
  change_cipher_spec: {
    name: 'ChangeCipherSpec',
    what: 'TLS 1.2: from here this side encrypts with the keys just agreed. TLS 1.3: a dummy record that changes nothing, sent so that old middleboxes let the handshake through.',
    rfc: 'RFC 5246 §7.1; TLS 1.3: RFC 8446 §D.4',
  },
  encrypted_extensions: {
    name: 'EncryptedExtensions',
    what: 'The first encrypted message: the server answers the extensions that do not shape the keys (ALPN, the SNI acknowledgement, record size limits), hidden from anyone watching the network.',
    rfc: 'RFC 8446 §4.3.1',
  },
  certificate: {
    name: 'Certificate',
    what: "The server's certificate chain, leaf first. In TLS 1.3 it travels encrypted, so an eavesdropper cannot see which certificate the server uses; a stapled OCSP response rides in the leaf's entry.",
    rfc: 'RFC 8446 §4.4.2; TLS 1.2: RFC 5246 §7.4.2',
  },
  certificate_request: {
    name: 'CertificateRequest',
    what: 'The server asks for a client certificate. Mail servers ask without requiring one; this client sends none.',
    rfc: 'RFC 8446 §4.3.2',
  },
  certificate_verify: {
    name: 'CertificateVerify',
    what: "The server signs the handshake so far with the certificate's private key: proof that it holds the key and not just a copy of the certificate. The scheme is one we offered in signature_algorithms.",
    rfc: 'RFC 8446 §4.4.3',
  },
  finished: {
    name: 'Finished',
    what: 'A MAC over the whole handshake with a key derived from the shared secret: if anything was changed on the way, it does not match and the handshake fails.',
    rfc: 'RFC 8446 §4.4.4; TLS 1.2: RFC 5246 §7.4.9',
  },
  new_session_ticket: {
    name: 'NewSessionTicket',
    what: 'After the handshake, a ticket to resume the session later without the full handshake. TLS 1.3 sends it encrypted under the application keys.',
    rfc: 'RFC 8446 §4.6.1; TLS 1.2: RFC 5077',
  },
  server_key_exchange: {
    name: 'ServerKeyExchange',
    what: "TLS 1.2: the server's ephemeral key share for the group, signed with its certificate's key (the signature scheme is here).",
    rfc: 'RFC 5246 §7.4.3; ECDHE: RFC 8422 §5.4',
  },
  server_hello_done: {
    name: 'ServerHelloDone',
    what: "TLS 1.2: the server's first flight is over; it is our turn.",
    rfc: 'RFC 5246 §7.4.5',
  },
  client_key_exchange: {
    name: 'ClientKeyExchange',
    what: 'TLS 1.2: our key share; from the two shares both sides now compute the master secret.',
    rfc: 'RFC 5246 §7.4.7',
  },
  certificate_status: {
    name: 'CertificateStatus',
    what: "TLS 1.2: a stapled OCSP response, the CA's signed word that the certificate is not revoked.",
    rfc: 'RFC 6066 §8',
  },
  key_update: {
    name: 'KeyUpdate',
    what: 'A side moves to fresh traffic keys.',
    rfc: 'RFC 8446 §4.6.3',
  },
  alert: {
    name: 'Alert',
    what: 'A fatal alert ends the handshake and names the reason; a warning only informs.',
    rfc: 'RFC 8446 §6; TLS 1.2: RFC 5246 §7.2',
  },
  encrypted_record: {
    name: 'encrypted record',
    what: 'A record this tool cannot open (a cipher suite it does not decrypt for display): shown by its size.',
    rfc: 'RFC 8446 §5.2',
  },
};

/** "ClientHello" for client_hello; an unknown type as it came. */
export function messageName(type: string): string {
  return WORDS[type]?.name ?? type;
}

export function messageWords(step: HandshakeStep): { name: string; what: string; rfc: string } {
  const w = WORDS[step.type] ?? { name: step.type, what: '', rfc: 'RFC 8446 §4' };
  if (step.type === 'change_cipher_spec') {
    const what = step.fields.compatibility
      ? 'A dummy record that changes nothing: TLS 1.3 sends it so that old middleboxes let the handshake through.'
      : 'From here this side encrypts with the keys just agreed.';
    return { ...w, what };
  }
  return w;
}

export function dirWords(dir: HandshakeDir): string {
  return dir === 'C' ? 'C → S' : 'S → C';
}

export const NEGOTIATED_LABELS: Readonly<Record<NegotiatedItem, string>> = {
  version: 'version',
  cipherSuite: 'cipher suite',
  group: 'key exchange group',
  signatureScheme: 'signature scheme',
};

/** At most `n` names, then how many more. */
export function someOf(names: readonly string[], n = 6): string {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, n).join(', ');
  return names.length > n ? `${shown} and ${names.length - n} more` : shown;
}

const whose = (dir: HandshakeDir): string => (dir === 'C' ? 'our' : "the server's");

/**
 * Where a failed handshake stopped, as one clause: the alert and the message it answered, or
 * the last message before a close, a reset or silence. Null when nothing was recorded.
 */
export function failurePointer(t: TlsFailure): string | null {
  if (t.afterMessage === undefined) return null;
  const last = t.afterMessage;
  const after = last ? `${whose(last.dir)} ${messageName(last.type)}` : null;
  const offered = t.offered;
  const alert = t.wireAlert;
  if (alert && alert.dir === 'S') {
    const head = `the server answered ${after ?? 'before any message'} with alert ${alert.description}`;
    if (last?.type === 'client_hello' && offered) {
      if (alert.description === 'protocol_version')
        return `${head}: it supports none of the versions offered (${someOf(offered.versions)})`;
      if (
        alert.description === 'handshake_failure' ||
        alert.description === 'insufficient_security'
      )
        return `${head}: nothing in common with what was offered (cipher suites ${someOf(offered.suites)}; groups ${someOf(offered.groups)})`;
    }
    return head;
  }
  if (alert && alert.dir === 'C')
    return `this client gave up with alert ${alert.description} after ${after ?? 'no message'}`;
  if (!after) return 'before any TLS message was exchanged';
  switch (t.reason) {
    case 'handshake-timeout':
      return `no answer after ${after}`;
    case 'connection-reset':
      return `the connection ended right after ${after}, without an alert`;
    default:
      return `after ${after}`;
  }
}

export function keylogWarning(path: string): string {
  return `smtpscope: warning: writing this session's TLS secrets to ${escapeText(path)} (SSLKEYLOGFILE format): anyone with the file can decrypt the recorded traffic`;
}
