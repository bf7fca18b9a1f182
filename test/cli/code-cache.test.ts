// The launcher's V8 code cache: accepted when it matches, ignored (and replaced) when it does
// not, never written where it was turned off, never a reason for a run to fail.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, loadWithCodeCache } from '../../src/launch/code-cache.js';
import { BIN } from '../support/cli.js';

const dirs: string[] = [];
const scratch = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'smtpscope-cache-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let copies = 0;
/**
 * A CommonJS file, written under a new name each time: V8 keeps an in-memory cache of what this
 * process compiled, keyed by source and file name, which would answer before the disk cache.
 */
function bundle(dir: string, body = 'exports.answer = () => 6 * 7;'): string {
  const file = join(dir, `bundle-${++copies}.cjs`);
  writeFileSync(file, `'use strict';\n${body}\nexports.dir = __dirname;\n`);
  return file;
}

describe('loadWithCodeCache', () => {
  it('evaluates the file as CommonJS, then runs from the cache it saved', () => {
    const root = scratch();
    const cache = join(root, 'cache');
    const first = loadWithCodeCache<{ answer(): number; dir: string }>(bundle(root), 'id1', cache);
    expect(first.exports.answer()).toBe(42);
    expect(first.exports.dir).toBe(root);
    expect(first.usedCache).toBeNull();
    first.save('basic');
    expect(readdirSync(cache)).toEqual([`cli-id1-${process.version}-${process.arch}-basic.v8`]);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const second = loadWithCodeCache<{ answer(): number }>(bundle(root), 'id1', cache);
    expect(second.usedCache).toBe('basic');
    expect(second.exports.answer()).toBe(42);
    // A probe run replaces a basic cache; after that, the probe cache serves every run.
    second.save('probe');
    const third = loadWithCodeCache(bundle(root), 'id1', cache);
    expect(third.usedCache).toBe('probe');
  });

  it('never offers one bundle the cache of another, and keeps only the newest build', () => {
    const root = scratch();
    const cache = join(root, 'cache');
    loadWithCodeCache(bundle(root), 'old', cache).save('basic');
    const other = bundle(root, 'exports.answer = () => 6 * 9;'); // same length, other code
    const run = loadWithCodeCache<{ answer(): number }>(other, 'new', cache);
    expect(run.usedCache).toBeNull();
    expect(run.exports.answer()).toBe(54);
    run.save('basic');
    expect(readdirSync(cache)).toEqual([`cli-new-${process.version}-${process.arch}-basic.v8`]);
  });

  it('a corrupt cache is rejected by V8, the code still runs, and the cache is rewritten', () => {
    const root = scratch();
    const cache = join(root, 'cache');
    loadWithCodeCache(bundle(root), 'id', cache).save('basic');
    const [name] = readdirSync(cache);
    writeFileSync(join(cache, name!), Buffer.alloc(4096, 0x5a));
    const run = loadWithCodeCache<{ answer(): number }>(bundle(root), 'id', cache);
    expect(run.usedCache).toBeNull();
    expect(run.exports.answer()).toBe(42);
    run.save('basic');
    expect(loadWithCodeCache(bundle(root), 'id', cache).usedCache).toBe('basic');
  });

  it('a cache directory others may write to is never read from', () => {
    const root = scratch();
    const cache = join(root, 'cache');
    loadWithCodeCache(bundle(root), 'id', cache).save('basic');
    chmodSync(cache, 0o777);
    expect(loadWithCodeCache(bundle(root), 'id', cache).usedCache).toBeNull();
    chmodSync(cache, 0o700);
    expect(loadWithCodeCache(bundle(root), 'id', cache).usedCache).toBe('basic');
  });

  it('an unwritable cache directory costs nothing but speed', () => {
    const root = scratch();
    const cache = join(root, 'cache');
    writeFileSync(cache, 'a file where the directory should be');
    const run = loadWithCodeCache(bundle(root), 'id', cache);
    expect(() => run.save('basic')).not.toThrow();
  });
});

describe('cacheDir', () => {
  it('is per user: XDG_CACHE_HOME, else ~/.cache; off with SMTPSCOPE_NO_CODE_CACHE', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u')).toBe('/x/cache/smtpscope');
    expect(cacheDir({}, '/home/u')).toBe('/home/u/.cache/smtpscope');
    expect(cacheDir({}, '')).toBeNull();
    expect(cacheDir({ SMTPSCOPE_NO_CODE_CACHE: '1' }, '/home/u')).toBeNull();
  });
});

describe('the launcher', () => {
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [BIN, '--version'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });

  it('writes its cache under XDG_CACHE_HOME and gives the same answer from it', () => {
    const home = scratch();
    const cold = run({ XDG_CACHE_HOME: home });
    expect(readdirSync(join(home, 'smtpscope'))).toHaveLength(1);
    const warm = run({ XDG_CACHE_HOME: home });
    expect([cold.status, warm.status]).toEqual([0, 0]);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('a cache home where mkdir misbehaves (under /proc) neither hangs nor fails the run', () => {
    // Node 20's recursive mkdirSync loops forever on this path; the launcher must not.
    const r = spawnSync(process.execPath, [BIN, '--version'], {
      env: { ...process.env, XDG_CACHE_HOME: '/proc/smtpscope-nonexistent/cache' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('creates ~/.cache when it is missing', () => {
    const home = scratch();
    expect(run({ XDG_CACHE_HOME: join(home, 'cache') }).status).toBe(0);
    expect(readdirSync(join(home, 'cache', 'smtpscope'))).toHaveLength(1);
  });

  it('writes nothing with SMTPSCOPE_NO_CODE_CACHE=1', () => {
    const home = scratch();
    expect(run({ XDG_CACHE_HOME: home, SMTPSCOPE_NO_CODE_CACHE: '1' }).status).toBe(0);
    expect(readdirSync(home)).toEqual([]);
  });
});
