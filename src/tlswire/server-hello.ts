// ServerHello and HelloRetryRequest (RFC 8446 §4.1.3–§4.1.4, RFC 5246 §7.4.1.3). A HelloRetryRequest
// is a ServerHello whose random is SHA-256("HelloRetryRequest"); its extensions follow their own
// grammar (key_share holds only the selected group), so the random is checked before they are read.
import { type Result, attempt } from './errors.js';
import { readExtensions } from './extensions.js';
import { type Extension, findExtension } from './extension-forms.js';
import { ByteReader } from './reader.js';

/** RFC 8446 §4.1.3: the fixed random of a HelloRetryRequest. */
export const HELLO_RETRY_REQUEST_RANDOM = Uint8Array.from([
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
]);

/** RFC 8446 §4.1.3: "DOWNGRD" + 01 (negotiating TLS 1.2) or 00 (TLS 1.1 or below). */
const DOWNGRADE_PREFIX = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44];

export interface ServerHello {
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipherSuite: number;
  readonly compressionMethod: number;
  readonly hasExtensions: boolean;
  readonly extensions: readonly Extension[];
  readonly isHelloRetryRequest: boolean;
  /** supported_versions' selected_version if present, else legacy_version (RFC 8446 §4.2.1). */
  readonly selectedVersion: number;
  /** The server's key_share group, or for a HelloRetryRequest the group it asks for. */
  readonly keyShareGroup: number | null;
  /** A TLS 1.3 server's downgrade marker in the last 8 bytes of the random, if present. */
  readonly downgradeSentinel: 'tls12' | 'tls11-or-below' | null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sentinel(random: Uint8Array): ServerHello['downgradeSentinel'] {
  const tail = random.subarray(24);
  if (!DOWNGRADE_PREFIX.every((x, i) => tail[i] === x)) return null;
  if (tail[7] === 1) return 'tls12';
  if (tail[7] === 0) return 'tls11-or-below';
  return null;
}

export function parseServerHello(body: Uint8Array): Result<ServerHello> {
  return attempt(() => {
    const r = new ByteReader(body);
    const legacyVersion = r.u16('legacy_version');
    const random = r.bytesOf(32, 'random');
    const sessionId = r.vector(1, 'legacy_session_id_echo');
    if (sessionId.length > 32)
      r.fail('bad-length', `session id of ${sessionId.length} bytes (max 32)`);
    const cipherSuite = r.u16('cipher_suite');
    const compressionMethod = r.u8('compression_method');
    const isHelloRetryRequest = sameBytes(random, HELLO_RETRY_REQUEST_RANDOM);
    const hasExtensions = r.remaining > 0;
    const context = isHelloRetryRequest ? 'hello_retry_request' : 'server_hello';
    const extensions = hasExtensions ? readExtensions(r, context) : [];
    r.end('server_hello');
    const sv = findExtension(extensions, 'supported_versions');
    const ks = findExtension(extensions, 'key_share');
    const keyShareGroup = !ks
      ? null
      : ks.form === 'hrr'
        ? ks.selectedGroup
        : ks.form === 'server'
          ? ks.share.group
          : null;
    return {
      legacyVersion,
      random,
      sessionId,
      cipherSuite,
      compressionMethod,
      hasExtensions,
      extensions,
      isHelloRetryRequest,
      selectedVersion: sv && sv.form === 'selected' ? sv.version : legacyVersion,
      keyShareGroup,
      downgradeSentinel: sentinel(random),
    };
  });
}
