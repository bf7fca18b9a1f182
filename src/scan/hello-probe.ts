// One scan probe: the SMTP preface, then a raw ClientHello built by the codec (so any suite of the
// registry can be offered, whatever the local OpenSSL supports), then the server's first answer
// read with the sans-IO record parser. For TLS 1.2 and older everything up to ServerHelloDone is
// in the clear (RFC 5246 §7.3), so the certificate and the key exchange (curve, DH prime) come at
// no extra cost; TLS 1.3 encrypts after the ServerHello (RFC 8446 §2), so reading stops there.
import type { Socket } from 'node:net';
import {
  type ClientHelloOptions,
  type ServerHello,
  RecordParser,
  buildClientHello,
  cipherSuite,
  parseCertificate12,
  parseServerHello,
  parseServerKeyExchange,
  serverKeyExchangeKind,
  TLS13,
} from '../tlswire/index.js';
import { openPreface, type PrefaceSpec } from './smtp-preface.js';
import type { HelloOutcome, KeyExchangeSeen } from './types.js';

/** Bytes read after the ClientHello at most (a certificate chain fits well within it). */
const MAX_RESPONSE = 256 * 1024;

export async function probeHello(
  spec: PrefaceSpec,
  hello: ClientHelloOptions,
): Promise<HelloOutcome> {
  const preface = await openPreface(spec);
  if (!preface.ok) return preface.outcome;
  const socket = preface.socket;
  try {
    return await exchange(socket, buildClientHello(hello), spec);
  } finally {
    socket.destroy();
  }
}

function exchange(socket: Socket, bytes: Uint8Array, spec: PrefaceSpec): Promise<HelloOutcome> {
  return new Promise((resolve) => {
    const parser = new RecordParser({ autoEncrypt: false });
    let received = 0;
    let serverHello: ServerHello | null = null;
    let certificates: Uint8Array[] | null = null;
    let keyExchange: KeyExchangeSeen = null;
    let settled = false;
    const finish = (outcome: HelloOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      resolve(outcome);
    };
    const done = (): void => {
      if (serverHello) finish({ kind: 'hello', hello: serverHello, certificates, keyExchange });
    };
    const onAbort = (): void => finish({ kind: 'error', detail: 'stopped' });
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > MAX_RESPONSE) return done();
      const got = parser.push(chunk);
      for (const item of got.items) {
        if (item.kind === 'alert') {
          // An alert after the ServerHello (a TLS 1.2 server may still fail) does not undo it.
          if (serverHello) return done();
          return finish({ kind: 'refused', alert: item.alert });
        }
        if (item.kind !== 'handshake') continue;
        const m = item.message;
        if (m.typeName === 'server_hello') {
          const parsed = parseServerHello(m.body);
          if (!parsed.ok)
            return finish({ kind: 'error', detail: `ServerHello: ${parsed.error.detail}` });
          serverHello = parsed.value;
          if (serverHello.selectedVersion === TLS13 || serverHello.isHelloRetryRequest)
            return done();
        } else if (m.typeName === 'certificate' && serverHello) {
          const c = parseCertificate12(m.body);
          if (c.ok) certificates = [...c.value.certificates];
        } else if (m.typeName === 'server_key_exchange' && serverHello) {
          keyExchange = readKeyExchange(serverHello, m.body);
        } else if (m.typeName === 'server_hello_done') return done();
      }
      if (got.error) {
        if (serverHello) return done();
        return finish({ kind: 'error', detail: `not TLS: ${got.error.detail}` });
      }
    };
    const onEnd = (): void => {
      if (serverHello) done();
      else finish({ kind: 'refused', alert: null });
    };
    const timer = setTimeout(() => {
      if (serverHello) done();
      else finish({ kind: 'error', detail: 'no TLS answer in time' });
    }, spec.timeoutMs);
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('close', onEnd);
    socket.once('end', onEnd);
    socket.on('error', onEnd);
    socket.write(bytes);
  });
}

function readKeyExchange(hello: ServerHello, body: Uint8Array): KeyExchangeSeen {
  const suite = cipherSuite(hello.cipherSuite);
  const kind = suite ? serverKeyExchangeKind(suite) : null;
  if (!kind) return null;
  const ske = parseServerKeyExchange(body, kind, hello.selectedVersion);
  if (!ske.ok) return null;
  const v = ske.value;
  if (v.kind === 'ecdhe') return { kind: 'ecdhe', group: v.namedGroup };
  if (v.kind === 'dhe') return { kind: 'dhe', pBits: v.pBits };
  return null;
}
