// `--batch` end to end: the built CLI against the batch lab (loopback DNS and SMTP servers).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { FULL } from '../domain/lab.js';
import { allDomains, jsonLines, startBatchLab } from './lab.js';
import type { BatchLab } from './lab.js';

let lab: BatchLab;

beforeAll(async () => {
  lab = await startBatchLab();
});
afterAll(async () => {
  await lab?.close();
});

describe('smtpscope --batch', () => {
  it('one whole JSON line per input; the shared MX host is probed once', async () => {
    const domains = allDomains(lab);
    const list = join(lab.dir, 'list.txt');
    writeFileSync(
      list,
      ['# a comment', '', ...domains, 'bad name!', `${FULL}:${lab.port}`, '  '].join('\n') + '\n',
    );
    const before = lab.smtp.map((s) => s.connections);
    const run = await runCli(['--batch', list, ...lab.args(['--concurrency', '8'])], 60_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const raw = run.stdout.split('\n').filter((l) => l !== '');
    const lines = raw.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(domains.length + 2);
    expect(new Set(lines.map((l) => l.input))).toEqual(
      new Set([...domains, 'bad name!', `${FULL}:${lab.port}`]),
    );
    for (const l of lines) {
      expect(typeof l.ms).toBe('number');
      expect(typeof l.line).toBe('number');
    }
    const byInput = new Map(lines.map((l) => [l.input as string, l]));
    expect(byInput.get('bad name!')).toMatchObject({ kind: 'error', line: domains.length + 2 + 1 });
    expect(byInput.get(`${FULL}:${lab.port}`)).toMatchObject({ kind: 'host' });
    const verdict = (d: string): unknown => (byInput.get(d)?.verdict as { status: string }).status;
    for (const d of lab.domains.nullMx) expect(verdict(d)).toBe('null-mx');
    for (const d of lab.domains.shared) {
      const l = byInput.get(d) as { kind: string; probes: unknown[] };
      expect(l.kind).toBe('domain');
      expect(l.probes).toHaveLength(1);
    }
    // 127.0.0.2: the shared MX host once, each own MX host once, the host line once.
    const conns = lab.smtp.map((s, i) => s.connections - (before[i] ?? 0));
    expect(conns[0]).toBe(1 + lab.domains.own.length + 1);
    // 127.0.0.4: one host without TLS behind every plain-* domain.
    expect(conns[2]).toBe(1);

    // The summary of that output, as text and as a self-contained page.
    const results = join(lab.dir, 'results.ndjson');
    writeFileSync(results, run.stdout + '{"input":"cut-off.lab.te');
    const html = join(lab.dir, 'summary.html');
    const sum = await runCli(['summary', results, '--html', html]);
    expect(sum.stderr).toBe('');
    expect(sum.code).toBe(0);
    expect(sum.stdout).toMatch(
      new RegExp(
        `^${domains.length + 3} lines: ${domains.length} domains, 1 error, 1 host, 1 unreadable`,
      ),
    );
    expect(sum.stdout).toMatch(new RegExp(`\\n +${lab.domains.nullMx.length}  null-mx\\n`));
    expect(sum.stdout).toMatch(/TLS version\n +\d+ {2}TLSv1\.3\n/);
    expect(sum.stdout).toMatch(/input-error {2}e\.g\. bad name!/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/\b(src|href)=/);
  });

  it('`smtpscope summary` is the subcommand only as the first argument', async () => {
    const missing = await runCli(['summary']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument 'results'/);
    // Later, "summary" is a target like any other (a name without MX: here, no such domain).
    const asTarget = await runCli(['--json', 'summary', ...lab.args()]);
    expect(JSON.parse(asTarget.stdout)).toMatchObject({ kind: 'domain', domain: 'summary' });
  });

  it('usage errors before anything runs', async () => {
    const run = await runCli(['--batch', join(lab.dir, 'missing.txt'), ...lab.args()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--batch .*missing\.txt: cannot open/);
    const shard = await runCli(['--batch', '-', '--shard', '4/4']);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toMatch(/--shard must be K\/N/);
    const target = await runCli(['--batch', '-', 'example.org']);
    expect(target.code).toBe(2);
  });

  it('jsonLines helper ignores a cut line', () => {
    expect(jsonLines('{"a":1}\n{"b":')).toEqual([{ a: 1 }]);
  });
});
