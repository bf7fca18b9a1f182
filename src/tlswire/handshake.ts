// One entry point from a reassembled HandshakeMessage to its parsed form. Some grammars depend on
// what was negotiated (RFC 8446 vs RFC 5246 Certificate and CertificateRequest, the
// ServerKeyExchange variant of the suite, TLS 1.2's signature field), so the caller passes what it
// learned from the ServerHello.
import { type ClientHello, parseClientHello } from './client-hello.js';
import { type Result, fail, ok } from './errors.js';
import type { HandshakeMessage } from './handshake-reassembler.js';
import { cipherSuite } from './registry/cipher-suites.js';
import { TLS12, TLS13 } from './registry/versions.js';
import { type ServerHello, parseServerHello } from './server-hello.js';
import {
  type Certificate12,
  type CertificateRequest12,
  type CertificateStatus,
  type NewSessionTicket12,
  type ServerHelloDone,
  type ServerKeyExchange,
  parseCertificate12,
  parseCertificateRequest12,
  parseCertificateStatus,
  parseNewSessionTicket12,
  parseServerHelloDone,
  parseServerKeyExchange,
  serverKeyExchangeKind,
} from './tls12-messages.js';
import {
  type Certificate13,
  type CertificateRequest13,
  type CertificateVerify,
  type EncryptedExtensions,
  type Finished,
  type KeyUpdate,
  type NewSessionTicket13,
  parseCertificate13,
  parseCertificateRequest13,
  parseCertificateVerify,
  parseEncryptedExtensions,
  parseFinished,
  parseKeyUpdate,
  parseNewSessionTicket13,
} from './tls13-messages.js';

export interface HandshakeContext {
  /** The negotiated version (ServerHello.selectedVersion). Without it, TLS 1.2 grammar is used. */
  readonly version?: number;
  /** The negotiated cipher suite: needed for server_key_exchange. */
  readonly cipherSuite?: number;
}

export type ParsedHandshake =
  | { readonly type: 'hello_request' }
  | { readonly type: 'client_hello'; readonly message: ClientHello }
  | { readonly type: 'server_hello'; readonly message: ServerHello }
  | { readonly type: 'encrypted_extensions'; readonly message: EncryptedExtensions }
  | { readonly type: 'certificate'; readonly form: 'tls12'; readonly message: Certificate12 }
  | { readonly type: 'certificate'; readonly form: 'tls13'; readonly message: Certificate13 }
  | { readonly type: 'server_key_exchange'; readonly message: ServerKeyExchange }
  | {
      readonly type: 'certificate_request';
      readonly form: 'tls12';
      readonly message: CertificateRequest12;
    }
  | {
      readonly type: 'certificate_request';
      readonly form: 'tls13';
      readonly message: CertificateRequest13;
    }
  | { readonly type: 'server_hello_done'; readonly message: ServerHelloDone }
  | { readonly type: 'certificate_status'; readonly message: CertificateStatus }
  | { readonly type: 'certificate_verify'; readonly message: CertificateVerify }
  | { readonly type: 'finished'; readonly message: Finished }
  | {
      readonly type: 'new_session_ticket';
      readonly form: 'tls12';
      readonly message: NewSessionTicket12;
    }
  | {
      readonly type: 'new_session_ticket';
      readonly form: 'tls13';
      readonly message: NewSessionTicket13;
    }
  | { readonly type: 'key_update'; readonly message: KeyUpdate }
  /** A type this codec does not parse (client_key_exchange, end_of_early_data, …): kept raw. */
  | {
      readonly type: 'other';
      readonly code: number;
      readonly typeName: string;
      readonly body: Uint8Array;
    };

function map<T, U>(r: Result<T>, f: (v: T) => U): Result<U> {
  return r.ok ? ok(f(r.value)) : r;
}

export function parseHandshakeMessage(
  msg: HandshakeMessage,
  ctx: HandshakeContext = {},
): Result<ParsedHandshake> {
  const version = ctx.version ?? TLS12;
  const tls13 = version === TLS13;
  const body = msg.body;
  switch (msg.type) {
    case 0:
      return body.length === 0
        ? ok({ type: 'hello_request' })
        : fail('trailing-bytes', 'hello_request with a body');
    case 1:
      return map(parseClientHello(body), (message) => ({ type: 'client_hello', message }));
    case 2:
      return map(parseServerHello(body), (message) => ({ type: 'server_hello', message }));
    case 4:
      return tls13
        ? map(parseNewSessionTicket13(body), (message) => ({
            type: 'new_session_ticket',
            form: 'tls13',
            message,
          }))
        : map(parseNewSessionTicket12(body), (message) => ({
            type: 'new_session_ticket',
            form: 'tls12',
            message,
          }));
    case 8:
      return map(parseEncryptedExtensions(body), (message) => ({
        type: 'encrypted_extensions',
        message,
      }));
    case 11:
      return tls13
        ? map(parseCertificate13(body), (message) => ({
            type: 'certificate',
            form: 'tls13',
            message,
          }))
        : map(parseCertificate12(body), (message) => ({
            type: 'certificate',
            form: 'tls12',
            message,
          }));
    case 12: {
      const suite = ctx.cipherSuite === undefined ? undefined : cipherSuite(ctx.cipherSuite);
      const kind = suite ? serverKeyExchangeKind(suite) : null;
      if (!kind)
        return fail(
          'bad-input',
          'server_key_exchange needs a negotiated suite with an ephemeral key exchange',
        );
      return map(parseServerKeyExchange(body, kind, version), (message) => ({
        type: 'server_key_exchange',
        message,
      }));
    }
    case 13:
      return tls13
        ? map(parseCertificateRequest13(body), (message) => ({
            type: 'certificate_request',
            form: 'tls13',
            message,
          }))
        : map(parseCertificateRequest12(body, version), (message) => ({
            type: 'certificate_request',
            form: 'tls12',
            message,
          }));
    case 14:
      return map(parseServerHelloDone(body), (message) => ({ type: 'server_hello_done', message }));
    case 15:
      return map(parseCertificateVerify(body), (message) => ({
        type: 'certificate_verify',
        message,
      }));
    case 20:
      return map(parseFinished(body), (message) => ({ type: 'finished', message }));
    case 22:
      return map(parseCertificateStatus(body), (message) => ({
        type: 'certificate_status',
        message,
      }));
    case 24:
      return map(parseKeyUpdate(body), (message) => ({ type: 'key_update', message }));
    default:
      return ok({ type: 'other', code: msg.type, typeName: msg.typeName, body });
  }
}
