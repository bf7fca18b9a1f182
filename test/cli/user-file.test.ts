// Files the user names are opened without blocking, must be regular files and are read up to
// a cap (issue #10): `--ca-file /dev/zero` once grew past 13 GB, a FIFO with no writer hung.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readUserFile } from '../../src/input/user-file.js';
import { readCaFile } from '../../src/input/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'smtpscope-user-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = { capBytes: 1024, what: '--ca-file' };
const error = (path: string, o = opts): string => {
  const r = readUserFile(path, o);
  return r.ok ? 'ok' : r.error;
};

describe('readUserFile', () => {
  it('reads a regular file', () => {
    const path = join(dir, 'small');
    writeFileSync(path, 'hello');
    const r = readUserFile(path, opts);
    expect(r.ok && r.bytes.toString()).toBe('hello');
  });

  it('reads a file of exactly the cap, refuses one byte more', () => {
    const path = join(dir, 'at-cap');
    writeFileSync(path, 'x'.repeat(1024));
    expect(error(path)).toBe('ok');
    writeFileSync(path, 'x'.repeat(1025));
    expect(error(path)).toBe(`--ca-file ${path}: larger than 1 KiB`);
  });

  it('/dev/zero is not a regular file, and says so at once', () => {
    expect(error('/dev/zero')).toBe('--ca-file /dev/zero: not a regular file (a device)');
  });

  it('a FIFO with no writer returns at once, refused', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const start = performance.now();
    expect(error(fifo)).toBe(`--ca-file ${fifo}: not a regular file (a FIFO)`);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('a directory is not a regular file', () => {
    expect(error(dir)).toBe(`--ca-file ${dir}: not a regular file (a directory)`);
  });

  it('a missing file is named as missing', () => {
    expect(error(join(dir, 'nope'))).toBe(`--ca-file ${join(dir, 'nope')}: no such file`);
    expect(error('/etc/hostname/x')).toMatch(/no such file/);
  });

  // root reads a file whatever its mode, so the case can only be shown as another user.
  it.skipIf(process.getuid?.() === 0)('an unreadable file: permission denied', () => {
    const path = join(dir, 'secret');
    writeFileSync(path, 'x');
    chmodSync(path, 0o000);
    expect(error(path)).toBe(`--ca-file ${path}: permission denied`);
  });

  it('escapes the path in its message', () => {
    expect(error(join(dir, 'a\x1b[2Jb'))).toContain('a\\x1b[2Jb');
  });
});

describe('readCaFile', () => {
  it('goes through the bounded reader: one line for /dev/zero', () => {
    expect(readCaFile('/dev/zero')).toEqual({
      ok: false,
      error: '--ca-file /dev/zero: not a regular file (a device)',
    });
  });

  it('refuses a CA file over 1 MiB', () => {
    const path = join(dir, 'huge.pem');
    writeFileSync(path, Buffer.alloc(1024 * 1024 + 1, 0x41));
    expect(readCaFile(path)).toEqual({ ok: false, error: `--ca-file ${path}: larger than 1 MiB` });
  });
});
