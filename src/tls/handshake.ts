// The TLS handshake over an existing socket (STARTTLS, RFC 3207) or a fresh one (implicit TLS,
// RFC 8314), and the classification of a failed handshake into plain words.
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionOptions, SecureContext, TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import {
  CIPHER_CODES,
  LOCAL_CODES,
  NOT_TLS_CODES,
  PROTOCOL_CODES,
  TOO_LARGE_CODES,
} from './error-codes.js';
import { escapeText } from '../smtp/escape.js';
import { alertFromMessage, openSslWords } from './alerts.js';
import type { TlsFailure, TlsFailureReason, TlsInfo } from '../model/tls.js';
import type { HandshakeTap } from './tap.js';

export interface HandshakeOptions {
  socket: Socket;
  sni: string | null;
  timeoutMs: number;
  /**
   * Protocol bounds live in the context (src/probe/tls-prewarm.ts builds it with no CA list:
   * we verify the chain ourselves, and an empty list keeps OpenSSL from appending store
   * certificates to the presented chain, so getPeerCertificate(true) shows what was sent).
   */
  secureContext: SecureContext;
  /** The probe's cancellation: the handshake ends at once when it fires. */
  signal?: AbortSignal;
  /** Record the handshake (src/tls/tap.ts): TLS then runs over the tap's duplex, not `socket`. */
  tap?: HandshakeTap;
}

export type HandshakeResult =
  { ok: true; socket: TLSSocket; info: TlsInfo } | { ok: false; failure: TlsFailure };

export function performHandshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    let ocsp: Buffer | null = null;
    let settled = false;
    // tls.connect forwards requestOCSP to the TLSSocket (lib/_tls_wrap.js) though @types/node's
    // ConnectionOptions omits it; widen the type rather than lose stapling detection.
    const connectOptions: ConnectionOptions & { requestOCSP?: boolean } = {
      socket: opts.tap ? opts.tap.duplex : opts.socket,
      ...(opts.sni ? { servername: opts.sni } : {}),
      // We verify the chain ourselves (src/tls/chain-verify.ts) so that problems can be told
      // apart, and report authorized/authorizationError in our own words.
      rejectUnauthorized: false,
      secureContext: opts.secureContext,
      requestOCSP: true,
    };
    const tlsSocket = tlsConnect(connectOptions);
    const tap = opts.tap;
    // The secrets stay in the tap (the ladder decrypts the TLS 1.3 flight with them).
    if (tap) tlsSocket.on('keylog', (line: Buffer) => tap.keylog(line));
    const finish = (result: HandshakeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      tlsSocket.off('error', onError);
      tlsSocket.off('close', onClose);
      if (!result.ok) {
        tlsSocket.destroy();
        opts.socket.destroy();
      }
      resolve(result);
    };
    const onError = (err: NodeJS.ErrnoException): void =>
      finish({ ok: false, failure: classify(err) });
    const onClose = (): void =>
      finish({
        ok: false,
        failure: failure(
          'connection-reset',
          'the server closed the connection during the handshake',
        ),
      });
    const timer = setTimeout(() => {
      finish({
        ok: false,
        failure: failure(
          'handshake-timeout',
          `the TLS handshake did not complete within ${Math.round(opts.timeoutMs)} ms`,
        ),
      });
    }, opts.timeoutMs);
    const onAbort = (): void =>
      finish({ ok: false, failure: failure('other', 'stopped by the user') });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    tlsSocket.on('OCSPResponse', (response: Buffer | undefined) => {
      ocsp = response && response.length > 0 ? response : null;
    });
    tlsSocket.once('error', onError);
    tlsSocket.once('close', onClose);
    tlsSocket.once('secureConnect', () => {
      tap?.secured();
      const handshakeMs = Math.round((performance.now() - started) * 10) / 10;
      finish({
        ok: true,
        socket: tlsSocket,
        info: describeSession(tlsSocket, opts.sni, ocsp, handshakeMs),
      });
    });
  });
}

function describeSession(
  s: TLSSocket,
  sni: string | null,
  ocsp: Buffer | null,
  handshakeMs: number,
): TlsInfo {
  const cipher = s.getCipher();
  const eph = s.getEphemeralKeyInfo();
  let keyExchange: string | null = null;
  let keyExchangeGroup: TlsInfo['keyExchangeGroup'] = null;
  if (eph && typeof eph === 'object' && 'type' in eph && eph.type) {
    const name = 'name' in eph && eph.name ? eph.name : eph.type;
    const bits = 'size' in eph && eph.size ? eph.size : null;
    keyExchange = bits ? `${name} (${bits} bits)` : name;
    keyExchangeGroup = {
      type: eph.type,
      group: 'name' in eph && eph.name ? eph.name : null,
      bits,
    };
  }
  return {
    protocol: s.getProtocol() ?? 'unknown',
    cipher: {
      name: cipher.name,
      standardName: cipher.standardName,
      bits: cipherBits(cipher.standardName || cipher.name),
    },
    keyExchange,
    keyExchangeGroup,
    ocspStapled: ocsp !== null,
    sessionReused: s.isSessionReused(),
    alpn: typeof s.alpnProtocol === 'string' ? s.alpnProtocol : null,
    handshakeMs,
    sni,
  };
}

/** Symmetric key strength from the cipher suite's name (IANA or OpenSSL spelling). */
export function cipherBits(name: string): number | null {
  const upper = name.toUpperCase();
  if (upper.includes('CHACHA20')) return 256;
  if (upper.includes('3DES') || upper.includes('DES-CBC3')) return 112;
  const m = /(?:AES|CAMELLIA|ARIA)[_-]?(128|256)/.exec(upper);
  if (m && m[1]) return Number(m[1]);
  if (upper.includes('RC4')) return 128;
  return null;
}

function failure(
  reason: TlsFailureReason,
  message: string,
  code: string | null = null,
): TlsFailure {
  return { reason, message, alert: null, code };
}

/** Turn a Node/OpenSSL handshake error into a reason and plain words. */
export function classify(err: NodeJS.ErrnoException): TlsFailure {
  const code = err.code ?? null;
  const alert = alertFromMessage(err.message);
  const raw = escapeText(openSslWords(err.message));
  const base = (reason: TlsFailureReason, words: string): TlsFailure => ({
    reason,
    message: alert
      ? `server sent TLS alert ${alert.code} (${alert.name}): ${alert.description}`
      : words,
    alert,
    code: code ? escapeText(code) : null,
  });
  if (code && LOCAL_CODES.has(code)) {
    return base(
      'other',
      `this client could not start the handshake with its TLS settings, before sending anything: ${raw} (--tls-min/--tls-max)`,
    );
  }
  if ((code && PROTOCOL_CODES.has(code)) || alert?.code === 70 || alert?.code === 86) {
    return base('protocol-mismatch', `no TLS version in common (${raw})`);
  }
  if ((code && CIPHER_CODES.has(code)) || alert?.code === 40 || alert?.code === 71) {
    return base('no-shared-cipher', `no cipher suite in common (${raw})`);
  }
  if (code && TOO_LARGE_CODES.has(code)) {
    return base(
      'other',
      `the server's handshake message (its certificate chain) is larger than OpenSSL clients accept: 100 KiB (${raw})`,
    );
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return base('connection-reset', 'the connection was reset during the TLS handshake');
  }
  if (code && NOT_TLS_CODES.has(code)) {
    return base('other', `the server answered with bytes that are not TLS (${raw})`);
  }
  return base('other', raw);
}
