// The test server's submission mode (issue 15): AUTH PLAIN/LOGIN/CRAM-MD5/SCRAM-SHA-256 against
// a user table, MAIL/RCPT/DATA/BDAT with relay rules, unknown users, "530 must issue STARTTLS
// first", and the messages received kept exactly as they came on the wire (dot-stuffed).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { Conn } from './smtp-server.js';

export interface SubmissionMode {
  /** user → password */
  users?: Record<string, string>;
  /** AUTH is refused (538… no: 530 5.7.0) before TLS, and not advertised there. Default true. */
  authOnlyTls?: boolean;
  /** MAIL before STARTTLS gets "530 5.7.0 Must issue a STARTTLS command first". */
  requireTls?: boolean;
  /** Domains this server takes mail for; others need AUTH (else 554 5.7.1 relay denied). */
  localDomains?: string[];
  /** Local parts refused with 550 5.1.1. */
  unknownUsers?: string[];
  queueId?: string;
  mechanisms?: string[];
}

export interface SubmissionLog {
  /** Each message's bytes as received between 354 and the final ".", or the BDAT chunk. */
  messages: string[];
  /** The AUTH lines as the server saw them (to prove secrets really went on the wire). */
  authLines: string[];
}

export const DEFAULT_MECHS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256'];

type AuthState =
  | { kind: 'none' }
  | { kind: 'login-user' }
  | { kind: 'login-pass'; user: string }
  | { kind: 'plain' }
  | { kind: 'cram'; challenge: string }
  | { kind: 'scram-final'; user: string; bare: string; first: string; salt: Buffer }
  | { kind: 'scram-done' };

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

export function submissionSession(mode: SubmissionMode, log: SubmissionLog) {
  const users = mode.users ?? {};
  let auth: AuthState = { kind: 'none' };
  let authed = false;
  let mail = false;
  let rcpts = 0;
  let data: string[] | null = null;
  let bdat: { left: number; parts: string[] } | null = null;
  const ok = (user: string, pass: string): boolean =>
    users[user] !== undefined && users[user] === pass;
  const done = (conn: Conn, good: boolean): void => {
    auth = { kind: 'none' };
    authed = good;
    conn.write([
      good ? '235 2.7.0 Authentication successful' : '535 5.7.8 Error: authentication failed',
    ]);
  };
  const reset = (): void => {
    mail = false;
    rcpts = 0;
  };

  /** Returns true when the line was this mode's to answer. */
  return function handle(line: string, conn: Conn): boolean {
    if (bdat) {
      bdat.parts.push(line);
      bdat.left -= Buffer.byteLength(line, 'latin1') + 2;
      if (bdat.left <= 0) {
        log.messages.push(`${bdat.parts.join('\r\n')}\r\n`);
        bdat = null;
        reset();
        conn.write([`250 2.0.0 Ok: queued as ${mode.queueId ?? 'TESTQ1D'}`]);
      }
      return true;
    }
    if (data) {
      if (line === '.') {
        log.messages.push(`${data.join('\r\n')}\r\n`);
        data = null;
        reset();
        conn.write([`250 2.0.0 Ok: queued as ${mode.queueId ?? 'TESTQ1D'}`]);
      } else data.push(line);
      return true;
    }
    if (auth.kind !== 'none') {
      log.authLines.push(line);
      if (line === '*') {
        auth = { kind: 'none' };
        conn.write(['501 5.7.0 Authentication aborted']);
        return true;
      }
      const a = auth;
      switch (a.kind) {
        case 'plain': {
          const [, u = '', p = ''] = unb64(line).split('\0');
          done(conn, ok(u, p));
          return true;
        }
        case 'login-user':
          auth = { kind: 'login-pass', user: unb64(line) };
          conn.write([`334 ${b64('Password:')}`]);
          return true;
        case 'login-pass':
          done(conn, ok(a.user, unb64(line)));
          return true;
        case 'cram': {
          const [u = '', digest = ''] = unb64(line).split(' ');
          const pass = users[u];
          const want =
            pass === undefined ? '' : createHmac('md5', pass).update(a.challenge).digest('hex');
          done(conn, want !== '' && want === digest);
          return true;
        }
        case 'scram-final': {
          const text = unb64(line);
          const withoutProof = text.replace(/,p=[^,]*$/, '');
          const proof = Buffer.from(/,p=([^,]*)$/.exec(text)?.[1] ?? '', 'base64');
          const pass = users[a.user];
          if (pass === undefined) return (done(conn, false), true);
          const salted = pbkdf2Sync(pass, a.salt, 4096, 32, 'sha256');
          const clientKey = createHmac('sha256', salted).update('Client Key').digest();
          const stored = createHash('sha256').update(clientKey).digest();
          const authMessage = `${a.bare},${a.first},${withoutProof}`;
          const sig = createHmac('sha256', stored).update(authMessage).digest();
          const given = Buffer.from(proof.map((b, i) => b ^ (sig[i] as number)));
          if (!createHash('sha256').update(given).digest().equals(stored))
            return (done(conn, false), true);
          const serverKey = createHmac('sha256', salted).update('Server Key').digest();
          const v = createHmac('sha256', serverKey).update(authMessage).digest('base64');
          auth = { kind: 'scram-done' };
          authed = true;
          conn.write([`334 ${b64(`v=${v}`)}`]);
          return true;
        }
        case 'scram-done':
          auth = { kind: 'none' };
          conn.write(['235 2.7.0 Authentication successful']);
          return true;
        default:
          return true;
      }
    }
    const verb = (line.split(' ')[0] ?? '').toUpperCase();
    switch (verb) {
      case 'AUTH': {
        log.authLines.push(line);
        if ((mode.authOnlyTls ?? true) && !conn.tls) {
          conn.write(['538 5.7.11 Encryption required for requested authentication mechanism']);
          return true;
        }
        const [, mech = '', ir] = line.split(' ');
        switch (mech.toUpperCase()) {
          case 'PLAIN':
            if (ir) {
              const [, u = '', p = ''] = unb64(ir).split('\0');
              done(conn, ok(u, p));
            } else {
              auth = { kind: 'plain' };
              conn.write(['334 ']);
            }
            return true;
          case 'LOGIN':
            auth = { kind: 'login-user' };
            conn.write([`334 ${b64('Username:')}`]);
            return true;
          case 'CRAM-MD5': {
            const challenge = `<${randomBytes(4).toString('hex')}.1@mx.lab.test>`;
            auth = { kind: 'cram', challenge };
            conn.write([`334 ${b64(challenge)}`]);
            return true;
          }
          case 'SCRAM-SHA-256': {
            const bare = unb64(ir ?? '').replace(/^n,,/, '');
            const user = /(?:^|,)n=([^,]*)/.exec(bare)?.[1] ?? '';
            const cnonce = /(?:^|,)r=([^,]*)/.exec(bare)?.[1] ?? '';
            const salt = randomBytes(16);
            const first = `r=${cnonce}${randomBytes(8).toString('hex')},s=${salt.toString('base64')},i=4096`;
            auth = { kind: 'scram-final', user, bare, first, salt };
            conn.write([`334 ${b64(first)}`]);
            return true;
          }
          default:
            conn.write(['504 5.5.4 Unrecognized authentication type']);
            return true;
        }
      }
      case 'MAIL':
        if (mode.requireTls && !conn.tls) {
          conn.write(['530 5.7.0 Must issue a STARTTLS command first']);
          return true;
        }
        mail = true;
        conn.write(['250 2.1.0 Ok']);
        return true;
      case 'RCPT': {
        if (!mail) return (conn.write(['503 5.5.1 Error: need MAIL command']), true);
        const addr = /<([^>]*)>/.exec(line)?.[1] ?? '';
        const [local = '', domain = ''] = addr.split('@');
        if ((mode.unknownUsers ?? []).includes(local)) {
          conn.write([`550 5.1.1 <${addr}>: Recipient address rejected: User unknown`]);
          return true;
        }
        if (!(mode.localDomains ?? ['lab.test']).includes(domain) && !authed) {
          conn.write([`554 5.7.1 <${addr}>: Relay access denied`]);
          return true;
        }
        rcpts += 1;
        conn.write(['250 2.1.5 Ok']);
        return true;
      }
      case 'DATA':
        if (rcpts === 0) return (conn.write(['554 5.5.1 Error: no valid recipients']), true);
        data = [];
        conn.write(['354 End data with <CR><LF>.<CR><LF>']);
        return true;
      case 'BDAT': {
        const n = Number(line.split(' ')[1]);
        if (rcpts === 0) return (conn.write(['554 5.5.1 Error: no valid recipients']), true);
        bdat = { left: n, parts: [] };
        return true;
      }
      case 'RSET':
        reset();
        conn.write(['250 2.0.0 Ok']);
        return true;
      default:
        return false;
    }
  };
}

/** EHLO lines for a submission server: AUTH only inside TLS unless told otherwise. */
export function submissionEhlo(
  name: string,
  tls: boolean,
  starttls: boolean,
  mode: SubmissionMode,
  extra: string[] = [],
): string[] {
  const mechs = (mode.mechanisms ?? DEFAULT_MECHS).join(' ');
  const ext = [
    'PIPELINING',
    'SIZE 10240000',
    ...(!tls && starttls ? ['STARTTLS'] : []),
    ...(tls || !(mode.authOnlyTls ?? true) ? [`AUTH ${mechs}`] : []),
    'ENHANCEDSTATUSCODES',
    '8BITMIME',
    'CHUNKING',
    'SMTPUTF8',
    ...extra,
  ];
  return [name, ...ext].map((l, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${l}`);
}
