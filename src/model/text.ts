// Text that is safe to show: made only by the escaping functions (src/smtp/escape.ts), so a raw
// server string (a banner, a TXT record, a policy file) cannot reach a transcript, a report or
// the screen by mistake — the compiler refuses a plain string where Escaped is asked for.

declare const escaped: unique symbol;

/** A string with every control, bidi and invalid character shown as a visible escape. */
export type Escaped = string & { readonly [escaped]: true };
