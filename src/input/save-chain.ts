// `--save-chain FILE`: checked before the run (so a bad path costs no connection) and written
// after it. Only a regular file is ever written: a FIFO would block, a device or a directory is
// never what was meant. Created with mode 0644 (certificates are public).
import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  openSync,
  statSync,
  writeSync,
} from 'node:fs';
import { escapeText } from '../smtp/escape.js';

const WHY: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a directory',
  ELOOP: 'too many symbolic links',
  ENXIO: 'not a regular file',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

const why = (err: unknown): string => {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return WHY[code] ?? code;
};

/** Null when FILE may be written (absent, or a regular file); else the one-line reason. */
export function checkSaveChainPath(path: string): string | null {
  const name = `--save-chain ${escapeText(path)}`;
  if (path.trim() === '') return '--save-chain is empty: name a file';
  try {
    if (!statSync(path).isFile()) return `${name}: not a regular file (will not overwrite it)`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return `${name}: ${why(err)}`;
  }
  return null;
}

/** Write `text` to FILE; the error sentence on failure. */
export function writeSaveChain(path: string, text: string): string | null {
  const name = `--save-chain ${escapeText(path)}`;
  let fd: number;
  try {
    // No O_TRUNC before the descriptor is known to be a regular file; O_NONBLOCK so a FIFO
    // without a reader fails (ENXIO) instead of blocking.
    fd = openSync(
      path,
      constants.O_WRONLY |
        constants.O_CREAT |
        (constants.O_NONBLOCK ?? 0) |
        (constants.O_NOCTTY ?? 0),
      0o644,
    );
  } catch (err) {
    return `${name}: cannot write (${why(err)})`;
  }
  try {
    if (!fstatSync(fd).isFile()) return `${name}: not a regular file (will not overwrite it)`;
    ftruncateSync(fd, 0);
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
    return null;
  } catch (err) {
    return `${name}: cannot write (${why(err)})`;
  } finally {
    closeSync(fd);
  }
}
