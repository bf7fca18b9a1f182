// ChangeCipherSpec (RFC 5246 §7.1): one byte, 1. In TLS 1.3 it is only the middlebox-compatibility
// dummy (RFC 8446 §5 and §D.4), still sent in the clear and still exactly 0x01.
import { type Result, fail, ok } from './errors.js';

export interface ChangeCipherSpec {
  readonly type: 'change_cipher_spec';
}

export function parseChangeCipherSpec(fragment: Uint8Array): Result<ChangeCipherSpec> {
  if (fragment.length !== 1) {
    return fail('bad-length', `change_cipher_spec of ${fragment.length} bytes (must be 1)`);
  }
  if (fragment[0] !== 1)
    return fail('bad-value', `change_cipher_spec value ${fragment[0]} (must be 1)`);
  return ok({ type: 'change_cipher_spec' });
}
