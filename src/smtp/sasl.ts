// SASL client mechanisms for SMTP AUTH (RFC 4954), sans-IO: a mechanism gives the initial
// response and then answers each 334 challenge. PLAIN (RFC 4616), LOGIN (the de-facto
// draft-murchison-sasl-login), CRAM-MD5 (RFC 2195) and SCRAM-SHA-256 (RFC 5802, RFC 7677).
// Every line they make is a secret or derived from one: the dialogue redacts them all.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SaslMechanism } from '../model/submission.js';

export type SaslStep =
  /** The base64 line to send. */
  | { ok: true; line: string }
  /** The server's challenge made no sense, or its proof was wrong (SCRAM). */
  | { ok: false; error: string };

export interface SaslClient {
  readonly mechanism: SaslMechanism;
  /** The initial response for `AUTH MECH <ir>` (RFC 4954 §4), or null to wait for a 334. */
  initial(): string | null;
  /** The answer to a 334 challenge (its text, base64 as the server sent it). */
  respond(challengeB64: string): SaslStep;
  /** A 235 may carry SCRAM's server-final message (RFC 4954 §4 "additional data with success"). */
  verifyFinal?(dataB64: string): boolean;
}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');
const unb64 = (s: string): Buffer | null =>
  /^[A-Za-z0-9+/]*={0,2}$/.test(s.trim()) ? Buffer.from(s.trim(), 'base64') : null;

/** Strongest first: the order `--auth-mech` picks from when not told (RFC 7677 §3 on SCRAM). */
export const MECHANISM_STRENGTH: readonly SaslMechanism[] = [
  'SCRAM-SHA-256',
  'CRAM-MD5',
  'PLAIN',
  'LOGIN',
];

/** The strongest mechanism both sides offer, given the AUTH keyword's parameters. */
export function chooseMechanism(offered: readonly string[]): SaslMechanism | null {
  const set = new Set(offered.map((m) => m.toUpperCase()));
  return MECHANISM_STRENGTH.find((m) => set.has(m)) ?? null;
}

export function saslClient(
  mechanism: SaslMechanism,
  user: string,
  password: string,
  nonce: () => string = () => randomBytes(18).toString('base64'),
): SaslClient {
  switch (mechanism) {
    case 'PLAIN':
      return {
        mechanism,
        // RFC 4616 §2: [authzid] NUL authcid NUL passwd
        initial: () => b64(`\0${user}\0${password}`),
        respond: () => ({ ok: true, line: b64(`\0${user}\0${password}`) }),
      };
    case 'LOGIN': {
      let step = 0;
      return {
        mechanism,
        initial: () => null,
        // "Username:" then "Password:"; go by order, not by the prompt's words (servers vary).
        respond: () => ({ ok: true, line: b64(step++ === 0 ? user : password) }),
      };
    }
    case 'CRAM-MD5':
      return {
        mechanism,
        initial: () => null,
        respond: (challenge) => {
          const c = unb64(challenge);
          if (!c || c.length === 0)
            return { ok: false, error: 'the CRAM-MD5 challenge is not base64' };
          const digest = createHmac('md5', password).update(c).digest('hex');
          return { ok: true, line: b64(`${user} ${digest}`) };
        },
      };
    case 'SCRAM-SHA-256':
      return scram(user, password, nonce());
    default: {
      const never: never = mechanism;
      throw new Error(`unknown mechanism ${String(never)}`);
    }
  }
}

/** RFC 5802 §5.1: "=" and "," in a user name are written =3D and =2C. */
const saslName = (s: string): string => s.replace(/=/g, '=3D').replace(/,/g, '=2C');

function scram(user: string, password: string, cnonce: string): SaslClient {
  const bare = `n=${saslName(user)},r=${cnonce}`;
  let serverSignature: Buffer | null = null;
  let step = 0;
  const hmac = (key: Buffer, s: string): Buffer => createHmac('sha256', key).update(s).digest();
  const checkFinal = (text: string): boolean => {
    const v = /(?:^|,)v=([^,]*)/.exec(text)?.[1];
    const got = v === undefined ? null : unb64(v);
    return (
      !!serverSignature &&
      !!got &&
      got.length === serverSignature.length &&
      timingSafeEqual(got, serverSignature)
    );
  };
  return {
    mechanism: 'SCRAM-SHA-256',
    initial: () => b64(`n,,${bare}`),
    respond: (challenge) => {
      const raw = unb64(challenge);
      if (!raw) return { ok: false, error: 'the SCRAM challenge is not base64' };
      const text = raw.toString('utf8');
      if (step++ > 0) {
        // The server-final message in a 334: check it, then an empty line (RFC 4954 §4).
        return checkFinal(text)
          ? { ok: true, line: '' }
          : {
              ok: false,
              error: "the server's SCRAM signature is wrong: it does not know the password",
            };
      }
      const attrs = new Map(text.split(',').map((kv) => [kv.slice(0, 1), kv.slice(2)] as const));
      const r = attrs.get('r');
      const s = attrs.get('s');
      const i = Number(attrs.get('i'));
      // Bounded: an iteration count from a hostile server must not cost us minutes.
      if (!r || !r.startsWith(cnonce) || !s || !Number.isInteger(i) || i < 1 || i > 1_000_000)
        return { ok: false, error: 'the SCRAM server-first message is malformed' };
      const salt = unb64(s);
      if (!salt) return { ok: false, error: 'the SCRAM salt is not base64' };
      const salted = pbkdf2Sync(password.normalize('NFKC'), salt, i, 32, 'sha256');
      const clientKey = hmac(salted, 'Client Key');
      const storedKey = createHash('sha256').update(clientKey).digest();
      const withoutProof = `c=biws,r=${r}`;
      const authMessage = `${bare},${text},${withoutProof}`;
      const signature = hmac(storedKey, authMessage);
      const proof = Buffer.from(clientKey.map((b, k) => b ^ (signature[k] as number)));
      serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
      return { ok: true, line: b64(`${withoutProof},p=${proof.toString('base64')}`) };
    },
    verifyFinal: (data) => {
      const raw = unb64(data);
      return raw !== null && checkFinal(raw.toString('utf8'));
    },
  };
}
