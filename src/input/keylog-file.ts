// `--keylog FILE`: where the TLS secrets go, in the SSLKEYLOGFILE format Wireshark reads (the
// NSS key log lines OpenSSL makes). Opened safely: created with mode 0600 (the secrets decrypt
// the session), never through a symbolic link (O_NOFOLLOW: a planted link cannot redirect the
// secrets), without blocking (O_NONBLOCK: a FIFO with no reader fails instead of hanging), and
// an existing file must be a regular one (checked with fstat on the descriptor just opened).
// Lines are appended, as SSLKEYLOGFILE writers do.
import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { escapeText } from '../smtp/escape.js';

export type KeylogFile =
  { ok: true; write: (line: Uint8Array) => void; close: () => void } | { ok: false; error: string };

const WHY: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a symbolic link (refused: name the file itself)',
  EISDIR: 'a directory',
  ENXIO: 'not a regular file (a FIFO or a socket)',
};

export function openKeylogFile(path: string): KeylogFile {
  const name = `--keylog ${escapeText(path)}`;
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY |
        constants.O_CREAT |
        constants.O_APPEND |
        (constants.O_NOFOLLOW ?? 0) |
        (constants.O_NONBLOCK ?? 0) |
        (constants.O_NOCTTY ?? 0),
      0o600,
    );
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, error: `${name}: ${WHY[code] ?? `cannot open (${code})`}` };
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    return { ok: false, error: `${name}: not a regular file` };
  }
  let open = true;
  return {
    ok: true,
    write: (line) => {
      if (!open) return;
      try {
        writeSync(fd, line);
      } catch {
        // A full disk must not end the probe: the secrets are a by-product.
      }
    },
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
