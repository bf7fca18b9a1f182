// Fetch an MTA-STS policy (RFC 8461 §3.3): https://mta-sts.DOMAIN/.well-known/mta-sts.txt, the
// certificate validated for that name (PKIX, with the --ca-file anchors), no redirects, only 200,
// a bounded body within a deadline. The host's address comes from our resolver, like every
// other lookup. What comes back is hostile text: returned raw, for the parser, never shown so.
import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { resolveAddresses } from '../dns/addresses.js';
import type { Resolver } from '../dns/types.js';
import type { StsFetchFailure } from '../model/domain.js';
import type { CertificateReport } from '../model/tls.js';
import { verifyChain } from '../tls/chain-verify.js';
import { presentedChain } from '../tls/presented.js';
import { buildTrustStore } from '../tls/trust-store.js';

/** RFC 8461 §3.2: a policy is at most 64 KiB. */
export const STS_BODY_CAP = 64 * 1024;
export const STS_PATH = '/.well-known/mta-sts.txt';
/**
 * Test-only: where to fetch policies from instead of mta-sts.DOMAIN:443. Honoured only for a
 * loopback address, so it can never send a fetch anywhere else.
 */
export const STS_TEST_ADDR_ENV = 'SMTPSCOPE_TEST_MTA_STS_ADDR';

export interface StsFetchOptions {
  resolver: Resolver;
  caPems: string[];
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export type StsFetchResult =
  | {
      ok: true;
      host: string;
      body: Buffer;
      /** The Content-Type header as sent (raw), or null. */
      contentType: string | null;
      certificate: CertificateReport;
    }
  | {
      ok: false;
      host: string;
      reason: StsFetchFailure;
      /** Plain words, with any server text still raw (the caller escapes). */
      detail: string;
      status?: number;
      certificate?: CertificateReport;
    };

/** `127.0.0.1:PORT` / `[::1]:PORT` from the test variable, if it is a loopback address. */
export function testAddress(env: NodeJS.ProcessEnv): { host: string; port: number } | null {
  const v = env[STS_TEST_ADDR_ENV];
  if (!v) return null;
  const m = /^(?:\[(::1)\]|(127(?:\.\d{1,3}){3})):(\d{1,5})$/.exec(v.trim());
  if (!m) return null;
  const host = (m[1] ?? m[2]) as string;
  const port = Number(m[3]);
  if (isIP(host) === 0 || port < 1 || port > 65535) return null;
  return { host, port };
}

export async function fetchStsPolicy(domain: string, o: StsFetchOptions): Promise<StsFetchResult> {
  const host = `mta-sts.${domain}`;
  const fail = (
    reason: StsFetchFailure,
    detail: string,
    extra: { status?: number; certificate?: CertificateReport } = {},
  ): StsFetchResult => ({ ok: false, host, reason, detail, ...extra });
  const deadline = Date.now() + o.timeoutMs;
  const left = (): number => Math.max(1, deadline - Date.now());
  let target = testAddress(o.env ?? process.env);
  if (target === null) {
    const r = await resolveAddresses(host, undefined, {
      timeoutMs: left(),
      resolver: o.resolver,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    if (!r.ok) return fail(r.reason === 'timeout' ? 'timeout' : 'dns', r.message);
    const first = r.addresses[0];
    if (!first) return fail('dns', `${host} has no address`);
    target = { host: first.address, port: 443 };
  }
  const socket = await openTls(target, host, left(), o.signal);
  if (!socket.ok) return fail(socket.reason, socket.detail);
  const tls = socket.socket;
  try {
    const chain = presentedChain(tls.getPeerCertificate(true), 16);
    if (chain.length === 0) return fail('certificate', 'the server presented no certificate');
    const certificate = verifyChain(chain, buildTrustStore(o.caPems), host, new Date());
    if (certificate.problems.length > 0)
      return fail('certificate', `the certificate fails: ${certificate.problems.join(', ')}`, {
        certificate,
      });
    const res = await get(tls, host, left(), o.signal);
    if (!res.ok) return fail(res.reason, res.detail);
    const status = res.status;
    if (status >= 300 && status < 400)
      return fail(
        'redirect',
        `HTTP ${status} to ${res.location ?? '?'} (redirects are not followed, RFC 8461 §3.3)`,
        {
          status,
          certificate,
        },
      );
    if (status !== 200) return fail('status', `HTTP ${status}`, { status, certificate });
    return { ok: true, host, body: res.body, contentType: res.contentType, certificate };
  } finally {
    tls.destroy();
  }
}

type Opened =
  { ok: true; socket: TLSSocket } | { ok: false; reason: StsFetchFailure; detail: string };

function openTls(
  to: { host: string; port: number },
  servername: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Opened> {
  return new Promise((resolve) => {
    // No CA list: we verify the chain ourselves (chain-verify.ts) and want it as presented.
    const socket = tlsConnect({
      host: to.host,
      port: to.port,
      servername,
      ca: [],
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    let tcpUp = false;
    socket.once('connect', () => (tcpUp = true));
    const done = (r: Opened): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      if (!r.ok) socket.destroy();
      else socket.on('error', () => undefined);
      resolve(r);
    };
    const onAbort = (): void => done({ ok: false, reason: 'timeout', detail: 'stopped' });
    const timer = setTimeout(
      () => done({ ok: false, reason: 'timeout', detail: `no TLS session within ${timeoutMs} ms` }),
      timeoutMs,
    );
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => done({ ok: true, socket }));
    socket.once('error', (err: Error) =>
      done({ ok: false, reason: tcpUp ? 'tls' : 'connect', detail: err.message }),
    );
  });
}

type Got =
  | { ok: true; status: number; location: string | null; contentType: string | null; body: Buffer }
  | { ok: false; reason: StsFetchFailure; detail: string };

function get(
  socket: TLSSocket,
  host: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Got> {
  return new Promise((resolve) => {
    let settled = false;
    const req = request({
      createConnection: () => socket,
      method: 'GET',
      path: STS_PATH,
      headers: { Host: host, 'User-Agent': 'smtpscope', Connection: 'close' },
    });
    const done = (g: Got): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(g);
    };
    const onAbort = (): void => done({ ok: false, reason: 'timeout', detail: 'stopped' });
    const timer = setTimeout(
      () =>
        done({ ok: false, reason: 'timeout', detail: `no complete reply within ${timeoutMs} ms` }),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err: Error) => done({ ok: false, reason: 'http', detail: err.message }));
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const header = (name: string): string | null => {
        const v = res.headers[name];
        return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? null) : null;
      };
      const location = header('location');
      const contentType = header('content-type');
      if (status !== 200)
        return done({ ok: true, status, location, contentType, body: Buffer.alloc(0) });
      const declared = Number(header('content-length') ?? NaN);
      if (declared > STS_BODY_CAP)
        return done({
          ok: false,
          reason: 'too-large',
          detail: `Content-Length ${declared} is over ${STS_BODY_CAP} bytes`,
        });
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > STS_BODY_CAP)
          return done({
            ok: false,
            reason: 'too-large',
            detail: `the body is over ${STS_BODY_CAP} bytes`,
          });
        chunks.push(chunk);
      });
      res.on('end', () =>
        done({ ok: true, status, location, contentType, body: Buffer.concat(chunks) }),
      );
      res.on('error', (err: Error) => done({ ok: false, reason: 'http', detail: err.message }));
    });
    req.end();
  });
}
