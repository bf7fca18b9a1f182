// Misbehaving server modes (issue #4). Each is bounded: timers are cleared and loops stop when
// the client goes away or a byte budget is spent.
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import type { Conn } from './smtp-server.js';

export type HostileMode =
  | 'tarpit'
  | 'drip'
  | 'banner-421'
  | 'endless-continuation'
  | 'huge-line'
  | 'escape-banner'
  | 'bad-code'
  | 'code-change'
  | 'early-talker'
  | 'unsolicited'
  | 'close-at-banner'
  | 'close-at-ehlo'
  | 'close-at-starttls'
  | 'reset-at-banner'
  | 'reset-at-ehlo'
  | 'reset-at-starttls'
  | 'close-in-tls'
  | 'reset-in-tls'
  | 'rst-after-220'
  | 'garbage-tls'
  | 'stall-after-serverhello'
  | 'inject-after-starttls'
  | 'silent-starttls'
  | 'cr-cr-lf'
  | 'tab-ehlo'
  | 'line-at-cap'
  | 'helo-multiline'
  | 'starttls-code-change'
  | 'bare-lf'
  | 'inject-before-ehlo';

const ESC_LINES = [
  '220-mx.lab.test \x1b[2J\x1b[H screen cleared, cursor home \x1b[31mred\x1b[0m',
  '220-title \x1b]0;pwned\x07 bell \x07 nul \x00 tab\there',
  '220-link \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ clipboard \x1b]52;c;aGVsbG8=\x07',
  '220-bidi \u202eevil\u202c c1 \u0085 \u009b',
];

function escapeBanner(): Buffer {
  const text = Buffer.from(ESC_LINES.map((l) => `${l}\r\n`).join(''), 'utf8');
  const invalid = Buffer.from([0x32, 0x32, 0x30, 0x2d, 0xff, 0xfe, 0x20, 0xc3, 0x28, 0x0d, 0x0a]);
  return Buffer.concat([text, invalid, Buffer.from('220 mx.lab.test ready\r\n')]);
}

/** Writes with backpressure until `budget` bytes or the peer is gone. */
function flood(socket: Socket, line: string, budget: number): void {
  let sent = 0;
  const chunk = line.repeat(Math.max(1, Math.floor(65536 / line.length)));
  const pump = (): void => {
    while (sent < budget && !socket.destroyed) {
      sent += chunk.length;
      if (!socket.write(chunk)) return void socket.once('drain', pump);
    }
  };
  pump();
}

function drip(conn: Conn, text: string): void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || conn.socket.destroyed) return clearInterval(timer);
    conn.socket.write(text[i] as string);
    i++;
  }, 200);
  conn.socket.once('close', () => clearInterval(timer));
}

/** After STARTTLS: proxy to a real TLS server but forward only its first record (ServerHello). */
function stallAfterServerHello(conn: Conn, secureServerPort: number): void {
  const client = conn.socket;
  const upstream = netConnect({ host: '127.0.0.1', port: secureServerPort });
  upstream.on('error', () => undefined);
  client.on('close', () => upstream.destroy());
  client.on('data', (d: Buffer) => upstream.write(d));
  let pending = Buffer.alloc(0);
  let forwarded = false;
  upstream.on('data', (d: Buffer) => {
    if (forwarded) return;
    pending = Buffer.concat([pending, d]);
    if (pending.length < 5) return;
    const len = pending.readUInt16BE(3);
    if (pending.length < 5 + len) return;
    client.write(pending.subarray(0, 5 + len));
    forwarded = true;
  });
}

/** Lines ending in CR CR LF, which Postfix reads as CRLF (it strips every CR before the LF). */
const crCrLf = (lines: string[]): string => lines.map((l) => `${l}\r\r\n`).join('');

/** A banner line of exactly the line cap's worth of text (8192 bytes), then the real one. */
const AT_CAP = `220-${'x'.repeat(8192 - 4)}`;

export interface HostileContext {
  /** Port of a real TLS responder on loopback (for stall-after-serverhello). */
  tlsPort: number | null;
}

/** Returns true when the mode handled this moment (the default behaviour is skipped). */
export function runHostile(
  mode: HostileMode,
  phase: 'greet' | 'command',
  conn: Conn,
  line: string,
  hc: HostileContext,
): boolean {
  const verb = line.split(' ')[0]?.toUpperCase() ?? '';
  const s = conn.socket;
  const at = (v: string): boolean => phase === 'command' && verb === v;
  switch (mode) {
    case 'tarpit':
      return true; // never a byte, whatever the client sends (QUIT included)
    case 'drip':
      if (phase === 'greet') drip(conn, '220 mx.lab.test ESMTP slowly\r\n');
      return phase === 'greet';
    case 'banner-421':
      if (phase === 'greet') conn.write(['421 4.3.2 Service not available']);
      return phase === 'greet';
    case 'endless-continuation':
      if (phase === 'greet') flood(s, '220-mx.lab.test still greeting you\r\n', 50 * 1024 * 1024);
      return phase === 'greet';
    case 'huge-line':
      if (phase === 'greet') flood(s, '2', 5 * 1024 * 1024);
      return phase === 'greet';
    case 'escape-banner':
      if (phase === 'greet') s.write(escapeBanner());
      else if (at('EHLO') && !conn.tls)
        conn.write([
          '250-mx.lab.test \x1b[2J hi \u202e',
          '250-X-\x1b]52;c;aGk=\x07',
          '250 STARTTLS',
        ]);
      else return false;
      return true;
    case 'bad-code':
      if (phase === 'greet') conn.write(['22O mx.lab.test ready']);
      return phase === 'greet';
    case 'code-change':
      if (at('EHLO')) conn.write(['250-mx.lab.test', '550 5.0.0 second thoughts']);
      return at('EHLO');
    case 'early-talker':
      if (phase === 'greet') conn.write(['220 mx.lab.test early', '220 mx.lab.test ESMTP']);
      return phase === 'greet';
    case 'unsolicited':
      if (at('EHLO') && !conn.tls)
        conn.write(['250-mx.lab.test', '250 STARTTLS', '250 2.0.0 nobody asked']);
      return at('EHLO') && !conn.tls;
    case 'close-at-banner':
    case 'reset-at-banner':
      if (phase !== 'greet') return false;
      if (mode === 'reset-at-banner') s.resetAndDestroy();
      else s.end();
      return true;
    case 'close-at-ehlo':
    case 'reset-at-ehlo':
    case 'close-at-starttls':
    case 'reset-at-starttls': {
      if (!at(mode.endsWith('ehlo') ? 'EHLO' : 'STARTTLS')) return false;
      if (mode.startsWith('reset')) s.resetAndDestroy();
      else s.end();
      return true;
    }
    case 'silent-starttls':
      // STARTTLS is read and never answered: an SMTP timeout, not a TLS one (no ClientHello).
      return at('STARTTLS');
    case 'close-in-tls':
    case 'reset-in-tls':
      // The handshake went through; the EHLO inside TLS meets a TLS close or a TCP RST.
      if (!at('EHLO') || !conn.tls) return false;
      if (mode === 'reset-in-tls') conn.raw.resetAndDestroy();
      else s.end();
      return true;
    case 'rst-after-220':
    case 'garbage-tls':
    case 'stall-after-serverhello':
    case 'inject-after-starttls': {
      if (!at('STARTTLS')) return false;
      if (mode === 'inject-after-starttls') {
        s.write('220 2.0.0 Ready to start TLS\r\n250 2.0.0 injected\r\n');
        conn.upgrade();
        return true;
      }
      conn.write(['220 2.0.0 Ready to start TLS']);
      conn.detach();
      if (mode === 'stall-after-serverhello' && hc.tlsPort) stallAfterServerHello(conn, hc.tlsPort);
      // The client's next bytes are its ClientHello: answer them the hostile way.
      else
        s.once('data', () =>
          mode === 'rst-after-220' ? s.resetAndDestroy() : s.write('this is not TLS\r\n'),
        );
      return true;
    }
    case 'cr-cr-lf':
      // Before TLS only: what it changes is whether STARTTLS is seen as offered at all.
      if (phase === 'greet') s.write(crCrLf(['220 mx.lab.test ESMTP']));
      else if (at('EHLO') && !conn.tls)
        s.write(crCrLf(['250-mx.lab.test', '250-SIZE 10240000', '250 STARTTLS']));
      else return false;
      return true;
    case 'tab-ehlo':
      // HTAB between keyword and parameter, and after the keyword (RFC 5234 WSP).
      if (!at('EHLO') || conn.tls) return false;
      conn.write(['250-mx.lab.test', '250-SIZE\t10240000', '250 STARTTLS\t']);
      return true;
    case 'line-at-cap':
      if (phase === 'greet') conn.write([AT_CAP, '220 mx.lab.test ESMTP']);
      return phase === 'greet';
    case 'helo-multiline':
      // EHLO refused; HELO answered with lines that look like extensions (RFC 5321 §4.1.1.1:
      // a HELO reply has none, so STARTTLS is not offered).
      if (at('EHLO')) conn.write(['502 5.5.1 EHLO not implemented']);
      else if (at('HELO')) conn.write(['250-mx.lab.test', '250 STARTTLS']);
      else return false;
      return true;
    case 'starttls-code-change':
      // The final line decides (RFC 5321 §4.2.1): this is a refusal, not an acceptance.
      if (!at('STARTTLS')) return false;
      conn.write(['220-Ready to start TLS', '454 4.7.0 TLS not available right now']);
      return true;
    case 'bare-lf':
      if (phase === 'greet') s.write('220 mx.lab.test ESMTP\n');
      else if (at('EHLO') && !conn.tls) s.write('250-mx.lab.test\n250 STARTTLS\n');
      else return false;
      return true;
    case 'inject-before-ehlo':
      // A 250 right behind the greeting, before the client said anything: not a second
      // greeting, a reply nobody asked for (a pipelining/injection attempt).
      if (phase !== 'greet') return false;
      conn.write(['220 mx.lab.test ESMTP', '250 2.0.0 injected']);
      return true;
    default: {
      const never: never = mode;
      throw new Error(`unknown hostile mode ${String(never)}`);
    }
  }
}
