// `--keylog FILE`: where the TLS secrets go, in the SSLKEYLOGFILE format Wireshark reads (the
// NSS key log lines OpenSSL makes). Opened safely: created with mode 0600 (the secrets decrypt
// the session), never through a symbolic link (O_NOFOLLOW: a planted link cannot redirect the
// secrets), without blocking (O_NONBLOCK: a FIFO with no reader fails instead of hanging), and
// an existing file must be a regular one (checked with fstat on the descriptor just opened).
// Lines are appended, as SSLKEYLOGFILE writers do.
import { closeSync, writeSync } from 'node:fs';
import { errorWords, openOutputFile } from './output-file.js';
import { escapeText } from '../smtp/escape.js';

export type KeylogFile =
  { ok: true; write: (line: Uint8Array) => void; close: () => void } | { ok: false; error: string };

/** With O_NOFOLLOW, ELOOP means the path names a link (refused on purpose). */
const LINK: Readonly<Record<string, string>> = {
  ELOOP: 'a symbolic link (refused: name the file itself)',
};

export function openKeylogFile(path: string): KeylogFile {
  const name = `--keylog ${escapeText(path)}`;
  const opened = openOutputFile(path, { mode: 0o600, append: true, noFollow: true });
  if (!opened.ok)
    return {
      ok: false,
      error:
        opened.why === 'not-regular'
          ? `${name}: not a regular file`
          : `${name}: ${errorWords(opened.err, LINK, (code) => `cannot open (${code})`)}`,
    };
  const fd = opened.fd;
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
