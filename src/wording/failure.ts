// Words for why a probe stopped (src/model/failure.ts): one clause each, used by the verdict's
// summary, the step list and the reports. Every value in them is escaped already.
import type { ProbeFailure, ReplyFacts } from '../model/failure.js';
import { failurePointer } from './handshake.js';

/** "421 Service not available" — the code and the reply's first line. */
export function replyLine(r: ReplyFacts): string {
  return `${r.code} ${r.text.split('\n')[0] ?? ''}`.trim();
}

export function failureWords(f: ProbeFailure): string {
  const stage = f.stage;
  switch (f.kind) {
    case 'dns-failed':
    case 'dns-timeout':
      return f.detail ?? `cannot resolve ${f.host ?? 'the host'}`;
    case 'refused':
    case 'network-unreachable':
    case 'connect-failed':
      return `cannot connect to ${f.where ?? '?'}: ${f.detail ?? f.kind}`;
    case 'connect-timeout':
      return `cannot connect to ${f.where ?? '?'}: no answer within ${Math.round(f.timeoutMs ?? 0)} ms`;
    case 'timeout': {
      const partial =
        (f.partialBytes ?? 0) > 0
          ? ` (the server sent ${f.partialBytes} bytes without ending the line: a drip, or a line with no CRLF)`
          : '';
      return `no complete ${stage} reply within ${Math.round(f.timeoutMs ?? 0)} ms${partial}`;
    }
    case 'closed':
      return `the server closed the connection during ${stage}`;
    case 'reset':
      return stage === 'connect'
        ? `the server reset the connection to ${f.where ?? '?'} before any greeting`
        : `the server reset the connection during ${stage}`;
    case 'malformed':
    case 'too-large':
      return `${f.detail ?? 'a malformed reply'} during ${stage}: "${f.line ?? ''}"`;
    case 'rejected': {
      const said = f.reply ? replyLine(f.reply) : '?';
      if (stage === 'banner') return `the server greeted with ${said} instead of 220`;
      if (stage === 'starttls') return `STARTTLS refused: ${said}`;
      return `the server answered EHLO with ${said}`;
    }
    case 'not-offered':
      return 'STARTTLS is not advertised in the EHLO reply';
    case 'tls': {
      // Where it stopped, message by message (the handshake X-ray): "…; the server answered our
      // ClientHello with alert protocol_version: it supports none of the versions offered (…)".
      const where = f.tls ? failurePointer(f.tls) : null;
      const said = f.tls?.message ?? 'the TLS handshake failed';
      return where ? `${said}; ${where}` : said;
    }
    case 'stopped':
      return f.detail ?? 'stopped by the user';
    default: {
      const never: never = f.kind;
      return String(never);
    }
  }
}
