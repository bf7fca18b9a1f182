// `--batch` end to end: the built CLI against the batch lab (loopback DNS and SMTP servers).
import { writeFileSync } from 'node:fs';
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
