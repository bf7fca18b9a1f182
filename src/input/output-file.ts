// Opening a file the user named for output (--keylog, --save-chain): never blocking (O_NONBLOCK:
// a FIFO without a reader fails with ENXIO instead of hanging), never taking a terminal
// (O_NOCTTY), and only ever a regular file — checked with fstat on the descriptor just opened,
// so nothing can be swapped in between a check and the open.
import { closeSync, constants, fstatSync, openSync } from 'node:fs';

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a directory',
  ELOOP: 'too many symbolic links',
  ENXIO: 'not a regular file (a FIFO or a socket)',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** A system error in words ("permission denied"), or `unknown(code)` when it has none here. */
export function errorWords(
  err: unknown,
  overrides: Readonly<Record<string, string>> = {},
  unknown: (code: string) => string = (code) => code,
): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return overrides[code] ?? WHY[code] ?? unknown(code);
}

export type OpenedOutput =
  | { ok: true; fd: number }
  | { ok: false; why: 'open'; err: unknown }
  | { ok: false; why: 'not-regular' };

/**
 * Open `path` to write, creating it with `mode`. `append` writes at the end; `noFollow` refuses a
 * symbolic link as the last part of the path (O_NOFOLLOW). Truncating is the caller's business,
 * once this has said the descriptor is a regular file.
 */
export function openOutputFile(
  path: string,
  o: { mode: number; append?: boolean; noFollow?: boolean },
): OpenedOutput {
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY |
        constants.O_CREAT |
        (o.append ? constants.O_APPEND : 0) |
        (o.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0) |
        (constants.O_NONBLOCK ?? 0) |
        (constants.O_NOCTTY ?? 0),
      o.mode,
    );
  } catch (err) {
    return { ok: false, why: 'open', err };
  }
  try {
    if (fstatSync(fd).isFile()) return { ok: true, fd };
  } catch (err) {
    closeSync(fd);
    return { ok: false, why: 'open', err };
  }
  closeSync(fd);
  return { ok: false, why: 'not-regular' };
}
