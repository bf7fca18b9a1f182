// --resume after a kill (the output cut mid-line, then resumed into the same file: no input lost,
// none twice) and --shard K/N (the shards' union is the unsharded run, each input once).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../support/cli.js';
import { allDomains, jsonLines, startBatchLab } from './lab.js';
import type { BatchLab } from './lab.js';

let lab: BatchLab;
let list: string;
let inputs: string[];

beforeAll(async () => {
  lab = await startBatchLab({ shared: 30, own: 6, noTls: 6, nullMx: 6, stall: 0 });
  inputs = [...allDomains(lab), 'bad name!'];
  list = join(lab.dir, 'list.txt');
  writeFileSync(list, inputs.join('\n') + '\n');
});
afterAll(async () => {
  await lab?.close();
});

/** Runs the CLI with stdout appended to `file` (as `>> file` would). */
function runInto(file: string, args: string[]): Promise<number | null> {
  const fd = openSync(file, 'a');
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', fd, 'inherit'] });
  closeSync(fd);
  return new Promise((resolve) => child.on('close', resolve));
}

const inputsOf = (text: string): string[] => jsonLines(text).map((l) => l.input as string);

describe('--resume', () => {
  it('after a kill mid-line: resumed into the same file, every input once', async () => {
    const out = join(lab.dir, 'out.ndjson');
    writeFileSync(out, '');
    expect(await runInto(out, ['--batch', list, ...lab.args()])).toBe(0);
    const full = readFileSync(out, 'utf8');
    expect(inputsOf(full).sort()).toEqual([...inputs].sort());
    // The kill: the file cut in the middle of a line, a third of the way in.
    const cut = Math.floor(statSync(out).size / 3);
    truncateSync(out, cut);
    const kept = inputsOf(readFileSync(out, 'utf8'));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(inputs.length);
    expect(await runInto(out, ['--batch', list, '--resume', out, ...lab.args()])).toBe(0);
    const after = readFileSync(out, 'utf8');
    expect(inputsOf(after).sort()).toEqual([...inputs].sort());
    // Only the cut line is not JSON; every line we wrote is whole.
    const broken = after.split('\n').filter((l) => l !== '' && jsonLines(l).length === 0);
    expect(broken).toHaveLength(1);
  });

  it('a missing resume file is an empty one', async () => {
    const run = await runCli(['--batch', list, '--resume', join(lab.dir, 'none'), ...lab.args()]);
    expect(run.code).toBe(0);
    expect(inputsOf(run.stdout)).toHaveLength(inputs.length);
    // …but a typo would silently run everything again: one line says so.
    expect(run.stderr).toMatch(/--resume \S+none does not exist yet: nothing is skipped/);
  });
});

describe('--shard', () => {
  it('4 shards: their union is the whole list, each input in one shard', async () => {
    const runs = await Promise.all(
      [0, 1, 2, 3].map((k) => runCli(['--batch', list, '--shard', `${k}/4`, ...lab.args()])),
    );
    const shards = runs.map((r) => {
      expect(r.code).toBe(0);
      return inputsOf(r.stdout);
    });
    expect(shards.flat().sort()).toEqual([...inputs].sort());
    expect(shards.filter((s) => s.length > 0).length).toBeGreaterThan(1);
  });

  const parallel = ((): string | null => {
    try {
      return execFileSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  })();
  it.skipIf(parallel === null)(
    'through GNU parallel (skipped when `parallel` is not installed)',
    () => {
      const args = ['--batch', list, ...lab.args()].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
      const out = execFileSync(
        'sh',
        [
          '-c',
          `parallel -j4 ${process.execPath} ${BIN} ${args.join(' ')} --shard {}/4 ::: 0 1 2 3`,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(inputsOf(out).sort()).toEqual([...inputs].sort());
    },
  );
});
