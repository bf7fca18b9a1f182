// `npm run bench:scan`: `smtpscope --scan` against sslscan (and testssl.sh when installed) on the
// same local Postfix, stock and legacy: median wall time, connections counted by Postfix itself
// ("connect from" lines in its log), and the difference of the accepted sets. Not a test.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestPki } from '../test/support/pki.js';
import { postfixAvailable, startPostfix, type PostfixInstance } from '../test/support/postfix.js';
import { median, timed } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** testssl.sh takes a minute or two a run: one each unless told otherwise. */
const TESTSSL_RUNS = Number(process.env.TESTSSL_RUNS ?? 1);
const BIN = fileURLToPath(new URL('../bin/smtpscope.js', import.meta.url));
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const CONFIGS: Record<string, string[]> = {
  // Postfix 3.7 defaults, undoing what the test instance sets for its weak test certificates.
  stock: [
    'tls_high_cipherlist = aNULL:-aNULL:HIGH:@STRENGTH',
    'smtpd_tls_ciphers = medium',
    'smtpd_tls_protocols = !SSLv2, !SSLv3',
  ],
  legacy: [
    'smtpd_tls_protocols = >=TLSv1',
    'smtpd_tls_ciphers = export',
    'tls_export_cipherlist = ALL:eNULL:@SECLEVEL=0',
  ],
};

const connects = (pf: PostfixInstance): number =>
  readFileSync(join(pf.dir, 'maillog'), 'utf8')
    .split('\n')
    .filter((l) => / connect from /.test(l)).length;

/** Postfix logs asynchronously: wait until the count stops moving. */
async function settledConnects(pf: PostfixInstance): Promise<number> {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const n = connects(pf);
    if (n === last) return n;
    last = n;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last;
}

type Sets = Record<string, Set<string>>;

function ourSets(json: string): Sets {
  const r = JSON.parse(json) as {
    scan: { protocols: Record<string, { ciphers: { name: string }[] }> };
  };
  return Object.fromEntries(
    Object.entries(r.scan.protocols).map(([v, p]) => [v, new Set(p.ciphers.map((c) => c.name))]),
  );
}

function sslscanSets(text: string): Sets {
  const out: Sets = {};
  for (const line of text.split('\n')) {
    const m = /^(?:Preferred|Accepted)\s+(SSLv3|TLSv1\.\d)\s+\d+ bits\s+(\S+)/.exec(line);
    if (m && m[1] && m[2]) (out[m[1]] ??= new Set()).add(m[2]);
  }
  return out;
}

function diff(a: Sets, b: Sets): string {
  const parts: string[] = [];
  for (const v of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[v] ?? new Set<string>();
    const y = b[v] ?? new Set<string>();
    const onlyA = [...x].filter((c) => !y.has(c));
    const onlyB = [...y].filter((c) => !x.has(c));
    if (onlyA.length || onlyB.length)
      parts.push(
        `${v}: only smtpscope ${onlyA.join(' ') || '-'}; only sslscan ${onlyB.join(' ') || '-'}`,
      );
  }
  return parts.length ? parts.join('\n    ') : 'identical';
}

const avail = postfixAvailable();
if (!avail.ok) {
  console.error(`bench:scan skipped: ${avail.reason}`);
  process.exit(0);
}
const pki = await ensureTestPki();
const instances = await Promise.all(
  Object.values(CONFIGS).map((extraConfig) => startPostfix(pki, { extraConfig })),
);
console.error(`smtpscope --scan bench: ${RUNS} runs each, alternating, medians`);
// Debian's testssl.sh package installs the command as `testssl`.
const TESTSSL = has('testssl') ? 'testssl' : has('testssl.sh') ? 'testssl.sh' : null;
if (!TESTSSL) console.error('  testssl.sh: skipped (not installed)');
try {
  for (const [i, name] of Object.keys(CONFIGS).entries()) {
    const pf = instances[i] as PostfixInstance;
    const ours = (): Promise<{ ms: number; stdout: string }> =>
      timed(process.execPath, [
        BIN,
        `127.0.0.1:${pf.port}`,
        '--sni',
        'mx.lab.test',
        '--scan',
        '--json',
      ]);
    const theirs = (): Promise<{ ms: number; stdout: string }> =>
      timed(
        'sslscan',
        ['--starttls-smtp', '--no-colour', `127.0.0.1:${pf.port}`],
        undefined,
        60_000,
      );
    const rows: Record<'smtpscope' | 'sslscan', { ms: number[]; conns: number[]; out: string }> = {
      smtpscope: { ms: [], conns: [], out: '' },
      sslscan: { ms: [], conns: [], out: '' },
    };
    const tools = has('sslscan') ? (['smtpscope', 'sslscan'] as const) : (['smtpscope'] as const);
    for (let run = 0; run < RUNS; run++) {
      for (const tool of tools) {
        const before = await settledConnects(pf);
        const t = await (tool === 'smtpscope' ? ours() : theirs());
        rows[tool].ms.push(t.ms);
        rows[tool].conns.push((await settledConnects(pf)) - before);
        rows[tool].out = t.stdout;
      }
    }
    const probes = (JSON.parse(rows.smtpscope.out) as { scan: { probes: number } }).scan.probes;
    const sets = ourSets(rows.smtpscope.out);
    const accepted = Object.values(sets).reduce((n, s) => n + s.size, 0);
    const line = (tool: 'smtpscope' | 'sslscan'): string =>
      `${median(rows[tool].ms).toFixed(0)} ms, ${median(rows[tool].conns)} connections`;
    console.error(`\n  Postfix ${name} (${accepted} suites accepted in all versions)`);
    console.error(`    smtpscope --scan: ${line('smtpscope')} (it says ${probes})`);
    if (has('sslscan')) {
      console.error(`    sslscan --starttls-smtp: ${line('sslscan')}`);
      const ratio = median(rows.smtpscope.ms) / median(rows.sslscan.ms);
      console.error(`    time ratio smtpscope/sslscan: ${ratio.toFixed(2)}`);
      console.error(`    accepted sets: ${diff(sets, sslscanSets(rows.sslscan.out))}`);
    } else console.error('    sslscan: skipped (not installed)');
    console.error(
      `    elimination minimum (accepted + 1 per version, 5 versions): ${accepted + 5}; ` +
        `smtpscope used ${median(rows.smtpscope.conns) - accepted - 5} more`,
    );
    if (TESTSSL && TESTSSL_RUNS > 0) {
      const ms: number[] = [];
      const conns: number[] = [];
      for (let run = 0; run < TESTSSL_RUNS; run++) {
        const before = await settledConnects(pf);
        const t = await timed(
          TESTSSL,
          [
            '--starttls',
            'smtp',
            '--color',
            '0',
            '--warnings',
            'off',
            '--quiet',
            `127.0.0.1:${pf.port}`,
          ],
          undefined,
          600_000,
        );
        ms.push(t.ms);
        conns.push((await settledConnects(pf)) - before);
      }
      console.error(
        `    testssl.sh --starttls smtp (${TESTSSL_RUNS} run): ${(median(ms) / 1000).toFixed(1)} s, ` +
          `${median(conns)} connections; ${(median(ms) / median(rows.smtpscope.ms)).toFixed(0)}× smtpscope's time`,
      );
    }
  }
} finally {
  await Promise.all(instances.map((p) => p.stop()));
}
