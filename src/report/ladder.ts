// The handshake ladder for --plain: one line per message with its direction as an arrow, the
// time since the first ClientHello, its size and key fields, then offered against chosen. The
// TUI's handshake view uses the same key-field summary (keyFields).
import type { HandshakeFieldValue, HandshakeStep } from '../model/tls.js';
import { negotiation } from '../tls/negotiation.js';
import { NEGOTIATED_LABELS, messageName, someOf } from '../wording/handshake.js';

const str = (v: HandshakeFieldValue | undefined): string | null =>
  v === undefined ? null : Array.isArray(v) ? someOf(v, 4) : String(v);

/** The few fields that say what the message is for, as one short line. */
export function keyFields(step: HandshakeStep): string {
  const f = step.fields;
  const parts: string[] = [];
  const add = (label: string, v: HandshakeFieldValue | undefined): void => {
    const s = str(v);
    if (s !== null && s !== '') parts.push(label ? `${label} ${s}` : s);
  };
  switch (step.type) {
    case 'client_hello':
      add('versions', f.versions);
      add('suites', f.cipherSuites);
      add('groups', f.groups);
      add('key shares', f.keyShares);
      add('SNI', f.sni);
      break;
    case 'server_hello':
    case 'hello_retry_request':
      add('', f.version);
      add('', f.cipherSuite);
      add('group', f.group);
      break;
    case 'certificate':
      add('certificates', f.certificates);
      if (Array.isArray(f.subjects) && f.subjects[0]) parts.push(`leaf ${f.subjects[0]}`);
      if (f.ocspStapled) add('stapled OCSP bytes', f.ocspBytes);
      break;
    case 'certificate_verify':
    case 'server_key_exchange':
      add('group', f.group);
      add('signature', f.signatureScheme);
      break;
    case 'encrypted_extensions':
      add('extensions', f.extensions);
      add('ALPN', f.alpn);
      break;
    case 'new_session_ticket':
      add('lifetime s', f.lifetimeSeconds);
      break;
    case 'alert':
      add('', f.level);
      add('', f.description);
      break;
    case 'change_cipher_spec':
      if (f.compatibility) parts.push('compatibility only');
      break;
    default:
      break;
  }
  if (step.encrypted) parts.push(f.decrypted === false ? 'encrypted, not shown' : 'decrypted');
  return parts.join('; ');
}

export function ladderLines(steps: readonly HandshakeStep[]): string[] {
  const out = steps.map((s) => {
    const arrow = s.dir === 'C' ? 'C --> S' : 'C <-- S';
    const name = messageName(s.type).padEnd(20);
    const ms = `${s.ms.toFixed(1).padStart(7)} ms`;
    return `  ${ms}  ${arrow}  ${name} ${String(s.bytes).padStart(5)} B  ${keyFields(s)}`;
  });
  for (const n of negotiation(steps)) {
    if (n.offered.length === 0 && n.chosen === null) continue;
    out.push(
      `  ${NEGOTIATED_LABELS[n.item].padEnd(19)} offered ${someOf(n.offered, 5)} -> chosen ${n.chosen ?? 'none'}`,
    );
  }
  return out;
}
