// Secrets never reach a transcript, report or log: AUTH initial responses and every SASL
// continuation line after a 334 challenge (RFC 4954 §4) are shown as <redacted>.
import type { Reply } from './reply.js';

const AUTH = /^(AUTH)(\s+)(\S+)(\s+\S.*)?$/i;

export function isAuthCommand(line: string): boolean {
  return /^AUTH(\s|$)/i.test(line.trimStart());
}

export class AuthRedactor {
  /** True while the server is in a SASL exchange (it answered 334 and awaits a line). */
  private inExchange = false;

  client(line: string): string {
    if (this.inExchange) return '<redacted>';
    const m = AUTH.exec(line.trimStart());
    if (m) return `${m[1]}${m[2]}${m[3]}${m[4] ? ' <redacted>' : ''}`;
    if (isAuthCommand(line)) return 'AUTH <redacted>';
    return line;
  }

  server(reply: Reply): void {
    this.inExchange = reply.code === 334;
  }
}
