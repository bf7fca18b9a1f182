// The `_smtp._tls.DOMAIN` TXT record (RFC 8460 §3): records not beginning "v=TLSRPTv1" are
// discarded; exactly one must remain, with `rua` naming one or more mailto: or https: URIs.
import type { PolicyProblem } from '../model/domain.js';
import type { Escaped } from '../model/text.js';
import { escapeText } from '../smtp/escape.js';

export interface TlsRptResult {
  record: Escaped | null;
  rua: Escaped[];
  problems: PolicyProblem[];
}

export function parseTlsRpt(texts: readonly string[]): TlsRptResult {
  const candidates = texts.filter((t) => /^v=TLSRPTv1(;|$|[ \t])/.test(t));
  if (candidates.length === 0) return { record: null, rua: [], problems: [] };
  if (candidates.length > 1)
    return {
      record: null,
      rua: [],
      problems: [{ code: 'tlsrpt-several', count: candidates.length }],
    };
  const text = candidates[0] as string;
  const record = escapeText(text);
  const bad = (detail: string): TlsRptResult => ({
    record,
    rua: [],
    problems: [{ code: 'tlsrpt-syntax', detail: escapeText(detail) }],
  });
  let rua: string[] | null = null;
  const parts = text.split(';').map((p) => p.trim());
  if (parts[parts.length - 1] === '') parts.pop();
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return bad(`"${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    if (key !== 'rua') continue; // RFC 8460 §3: tlsrpt-extension, ignored
    if (rua !== null) return bad('rua appears twice');
    rua = part
      .slice(eq + 1)
      .split(',')
      .map((u) => u.trim());
  }
  if (rua === null || rua.length === 0 || rua.every((u) => u === ''))
    return bad('there is no rua field');
  for (const uri of rua) {
    const m = /^(mailto|https):(.+)$/i.exec(uri);
    if (m === null) return bad(`rua "${uri}" is neither a mailto: nor an https: URI`);
    if (m[1]?.toLowerCase() === 'mailto' && !/^[^@\s]+@[^@\s]+$/.test(m[2] ?? ''))
      return bad(`rua "${uri}" is not a mail address`);
    if (m[1]?.toLowerCase() === 'https' && !/^\/\/[^/\s]+/.test(m[2] ?? ''))
      return bad(`rua "${uri}" has no host`);
  }
  return { record, rua: rua.map(escapeText), problems: [] };
}
