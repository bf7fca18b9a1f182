// `--save-chain FILE`: checked before the run (so a bad path costs no connection) and written
// after it. Only a regular file is ever written: a FIFO would block, a device or a directory is
// never what was meant. Created with mode 0644 (certificates are public).
import { closeSync, ftruncateSync, statSync, writeSync } from 'node:fs';
import { errorWords, openOutputFile } from './output-file.js';
import { escapeText } from '../smtp/escape.js';

const why = (err: unknown): string => errorWords(err, { ENXIO: 'not a regular file' });

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
  // No O_TRUNC before the descriptor is known to be a regular file.
  const opened = openOutputFile(path, { mode: 0o644 });
  if (!opened.ok)
    return opened.why === 'not-regular'
      ? `${name}: not a regular file (will not overwrite it)`
      : `${name}: cannot write (${why(opened.err)})`;
  const fd = opened.fd;
  try {
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
