// Reading a file the user named (--ca-file today; message and password files later) without
// letting the name hang or exhaust us: `/dev/zero` would grow without end, a FIFO with no
// writer would block open() forever, a directory or device is never what was meant.
//
// The file is opened with O_NONBLOCK (open returns at once whatever is at the path), checked
// with fstat on the descriptor just opened (no race between a stat and the open), must be a
// regular file, and is read up to a cap. Every failure is one sentence for a usage error.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { escapeText } from '../smtp/escape.js';

export type UserFile = { ok: true; bytes: Buffer } | { ok: false; error: string };

export interface UserFileOptions {
  /** Largest file accepted, in bytes. */
  capBytes: number;
  /** How the file is named in messages: the flag that named it, e.g. "--ca-file". */
  what: string;
}

/**
 * A --ca-file holds a few trust anchors; a whole system bundle is ~200 KiB. 1 MiB leaves room
 * and still bounds what a wrong path can cost.
 */
export const CA_FILE_CAP_BYTES = 1024 * 1024;

const WHY: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a directory)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  EISDIR: 'not a regular file (a directory)',
  ENXIO: 'not a regular file',
};

function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return ' (a directory)';
  if (stat.isFIFO()) return ' (a FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return ' (a device)';
  if (stat.isSocket()) return ' (a socket)';
  return '';
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

export function readUserFile(path: string, { capBytes, what }: UserFileOptions): UserFile {
  const name = `${what} ${escapeText(path)}`;
  const fail = (why: string): UserFile => ({ ok: false, error: `${name}: ${why}` });
  const tooBig = (): UserFile => fail(`larger than ${formatBytes(capBytes)}`);
  let fd: number;
  try {
    // O_NONBLOCK: no open() that waits (a FIFO without a writer); O_NOCTTY: never adopt a
    // terminal. Both are 0 where the platform lacks them.
    fd = openSync(
      path,
      constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0),
    );
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return fail(WHY[code] ?? `cannot open (${code})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return fail(`not a regular file${kindOf(stat)}`);
    if (stat.size > capBytes) return tooBig();
    // Read up to one byte past the cap, so a file that grew since fstat is caught too. Each
    // read returns at least one byte or ends the loop: bounded by capBytes + 1 bytes.
    let buf = Buffer.alloc(Math.min(capBytes, stat.size) + 1);
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (len > capBytes) return tooBig();
        const bigger = Buffer.alloc(Math.min(capBytes + 1, len * 2));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return { ok: true, bytes: buf.subarray(0, len) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return fail(WHY[code] ?? `cannot read (${code})`);
  } finally {
    closeSync(fd);
  }
}
