// A batch cut short: --domain-timeout ends one item with what was seen; SIGTERM / SIGINT leave
// every written line whole and stop the rest.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli.js';
import { allDomains, startBatchLab } from './lab.js';
import type { BatchLab } from './lab.js';

let lab: BatchLab;

beforeAll(async () => {
  lab = await startBatchLab();
});
afterAll(async () => {
  await lab?.close();
});

describe('a batch cut short', () => {
  it('--domain-timeout: the item is written with timedOut and what was seen', async () => {
    const list = join(lab.dir, 'stall.txt');
    writeFileSync(list, `${lab.domains.stall[0]}\n${lab.domains.shared[0]}\n`);
    const run = await runCli(['--batch', list, ...lab.args(['--domain-timeout', '200'])]);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const stalled = lines.find((l) => l.input === lab.domains.stall[0]);
    expect(stalled).toMatchObject({ kind: 'domain', timedOut: true });
    // Said as what it was: the deadline, not the user (both read "stopped by the user" before).
    const json = JSON.stringify(stalled);
    expect(json).toContain('cut by --domain-timeout');
    expect(json).not.toContain('stopped by the user');
    expect(lines.find((l) => l.input === lab.domains.shared[0])?.timedOut).toBeUndefined();
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: lines written are whole, the rest stops, exit ${code}`, async () => {
      const quick = allDomains(lab);
      const list = join(lab.dir, `sig-${signal}.txt`);
      writeFileSync(list, [...lab.domains.stall, ...quick].join('\n') + '\n');
      const child = spawn(process.execPath, [BIN, '--batch', list, ...lab.args()], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          // Every quick item is out; the stalled ones wait for a DNS answer that never comes.
          if (stdout.split('\n').length - 1 === quick.length) {
            child.kill(signal);
            resolve();
          }
        });
      });
      expect(await exited).toBe(code);
      expect(stderr).toBe('');
      expect(stdout.endsWith('\n')).toBe(true);
      const inputs = stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { input: string }).input);
      expect(new Set(inputs)).toEqual(new Set(quick));
    });
  }
});
