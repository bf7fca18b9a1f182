// Resolve a target host to the address we connect to (A/AAAA; `-4`/`-6` force a family).
import { lookup } from 'node:dns/promises';
import { ipFamily } from '../tls/ip-literal.js';

export type ResolveResult =
  | { ok: true; address: string; family: 4 | 6 }
  | { ok: false; reason: 'dns-failed' | 'dns-timeout'; message: string };

/** The system resolver (getaddrinfo), or a stand-in for tests. */
export type LookupFn = (
  host: string,
  options: { family: 0 | 4 | 6; verbatim: true },
) => Promise<{ address: string; family: number }>;

/**
 * getaddrinfo has no timeout of its own: a resolver that does not answer costs the system's
 * retries (5 s per try and server by default, resolv.conf(5)), far past --timeout. The wait is
 * cut at the step's deadline; the lookup itself cannot be cancelled and is left to finish.
 */
export async function resolveTarget(
  host: string,
  family: 4 | 6 | undefined,
  timeoutMs: number,
  lookupFn: LookupFn = lookup,
): Promise<ResolveResult> {
  const literal = ipFamily(host);
  if (literal !== 0) {
    if (family !== undefined && family !== literal) {
      return { ok: false, reason: 'dns-failed', message: `${host} is not an IPv${family} address` };
    }
    return { ok: true, address: host, family: literal === 6 ? 6 : 4 };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ResolveResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: 'dns-timeout',
          message: `cannot resolve ${host}: no answer from the resolver within ${Math.round(timeoutMs)} ms`,
        }),
      timeoutMs,
    );
  });
  const answer = lookupFn(host, { family: family ?? 0, verbatim: true }).then(
    (found): ResolveResult => ({
      ok: true,
      address: found.address,
      family: found.family === 6 ? 6 : 4,
    }),
    (err: NodeJS.ErrnoException): ResolveResult => {
      const code = err.code ?? 'error';
      const what = code === 'ENOTFOUND' ? 'no such host' : code;
      return { ok: false, reason: 'dns-failed', message: `cannot resolve ${host}: ${what}` };
    },
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
