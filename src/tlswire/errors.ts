// The typed failures of this codec: every parser returns one of these instead of throwing, so a
// caller reading bytes from a hostile or broken peer can report what was wrong and carry on.

/** What went wrong, as a tag a caller can switch on. */
export type WireErrorKind =
  /** The input ended before a length-prefixed field did. */
  | 'truncated'
  /** Bytes were left over after a structure that must fill its container exactly. */
  | 'trailing-bytes'
  /** A length or count field is impossible (odd length for a u16 list, empty where not allowed). */
  | 'bad-length'
  /** A field holds a value the grammar does not allow (e.g. a non-empty ServerHelloDone). */
  | 'bad-value'
  /** The record's content type is none of 20..23: not TLS, or not in sync (RFC 8446 §5.1). */
  | 'bad-content-type'
  /** The record's version does not start with major 3: not TLS (RFC 5246 §6.2.1). */
  | 'bad-record-version'
  /** A record longer than the cap (2^14 + 2048 by default, RFC 5246 §6.2.3 / RFC 8446 §5.2). */
  | 'record-overflow'
  /** A handshake message whose declared length is above the configured cap. */
  | 'message-too-large'
  /** More items in one push than the configured cap. */
  | 'too-many-items'
  /** An alert record whose length is not a whole number of two-byte alerts. */
  | 'bad-alert'
  /** The caller asked for something the codec cannot do (builder input out of range). */
  | 'bad-input';

/** A failure with a human-readable detail and, where known, the byte offset it was found at. */
export interface WireError {
  readonly kind: WireErrorKind;
  readonly detail: string;
  readonly offset?: number;
}

/** The outcome of a parse: the value, or the reason there is none. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T>(kind: WireErrorKind, detail: string, offset?: number): Result<T> {
  const error: WireError = offset === undefined ? { kind, detail } : { kind, detail, offset };
  return { ok: false, error };
}

/**
 * Thrown only inside this module by the byte reader and caught by `attempt`, so that grammar code
 * can read like the RFC's structures without checking every step; it never escapes a public
 * function.
 */
export class WireFailure extends Error {
  constructor(readonly wire: WireError) {
    super(wire.detail);
  }
}

/**
 * Runs a parser written with the throwing reader and turns its WireFailure into a Result. Any other
 * exception is a bug in this module, not a property of the input; it is reported as 'bad-value'
 * rather than thrown, because the contract is that arbitrary bytes never make a parser throw.
 */
export function attempt<T>(parse: () => T): Result<T> {
  try {
    return ok(parse());
  } catch (e) {
    if (e instanceof WireFailure) return { ok: false, error: e.wire };
    return fail(
      'bad-value',
      `internal parser error: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
