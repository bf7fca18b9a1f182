// Resolve a target host to the address we connect to (A/AAAA; `-4`/`-6` force a family).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type ResolveResult =
  | { ok: true; address: string; family: 4 | 6 }
  | { ok: false; reason: 'dns-failed'; message: string };

export async function resolveTarget(host: string, family?: 4 | 6): Promise<ResolveResult> {
  const literal = isIP(host);
  if (literal !== 0) {
    if (family !== undefined && family !== literal) {
      return { ok: false, reason: 'dns-failed', message: `${host} is not an IPv${family} address` };
    }
    return { ok: true, address: host, family: literal === 6 ? 6 : 4 };
  }
  try {
    const found = await lookup(host, { family: family ?? 0, verbatim: true });
    return { ok: true, address: found.address, family: found.family === 6 ? 6 : 4 };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const what = code === 'ENOTFOUND' ? 'no such host' : code;
    return { ok: false, reason: 'dns-failed', message: `cannot resolve ${host}: ${what}` };
  }
}
