// Finite-field DH parameters as PEM, from Node's built-in well-known groups (RFC 2409 / 3526),
// for servers that must offer a DHE key exchange of a chosen size.
import { getDiffieHellman } from 'node:crypto';

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derInteger(value: Buffer): Buffer {
  const body = (value[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value;
  return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
}

/** DHparams ::= SEQUENCE { prime INTEGER, base INTEGER } (PKCS #3), as PEM. */
export function dhParamsPem(group: 'modp2' | 'modp14'): string {
  const dh = getDiffieHellman(group);
  const seq = Buffer.concat([derInteger(dh.getPrime()), derInteger(dh.getGenerator())]);
  const der = Buffer.concat([Buffer.from([0x30]), derLength(seq.length), seq]);
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN DH PARAMETERS-----\n${b64.trimEnd()}\n-----END DH PARAMETERS-----\n`;
}
