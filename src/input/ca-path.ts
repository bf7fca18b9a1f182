// `--ca-path DIR`: a directory of trust anchors, as openssl's -CApath takes one: every regular
// *.pem / *.crt file in it and OpenSSL's hashed links (`<subject hash>.<n>`, made by
// `openssl rehash` / c_rehash). Bounded like a --ca-file: at most CA_PATH_MAX_FILES files, each
// read by readUserFile under its cap, and CA_PATH_CAP_BYTES in all.
import { X509Certificate } from 'node:crypto';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { escapeText } from '../smtp/escape.js';
import { splitPem } from '../tls/trust-store.js';
import { CA_FILE_CAP_BYTES, formatBytes, readUserFile } from './user-file.js';
import type { Parsed } from './validate.js';

/** /etc/ssl/certs holds ~290 entries (half of them hash links): 1000 leaves room. */
export const CA_PATH_MAX_FILES = 1000;

/** All files together; /etc/ssl/certs is under 1 MiB. */
export const CA_PATH_CAP_BYTES = 32 * 1024 * 1024;

const CERT_FILE = /\.(pem|crt)$/i;
/** OpenSSL's hashed name: 8 hex digits of the subject hash, a dot, a sequence number. */
const HASH_LINK = /^[0-9a-f]{8}\.\d{1,3}$/i;

const DIR_WHY: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'no such directory (a part of the path is not a directory)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
};

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}

/** The PEM certificates of every matching file in `dir` (one string per file, sorted by name). */
export function readCaPath(dir: string): Parsed<string[]> {
  const name = `--ca-path ${escapeText(dir)}`;
  const fail = (why: string): Parsed<string[]> => ({ ok: false, error: `${name}: ${why}` });
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return fail('not a directory');
    names = readdirSync(dir)
      .filter((n) => CERT_FILE.test(n) || HASH_LINK.test(n))
      .sort();
  } catch (err) {
    const code = errCode(err);
    return fail(DIR_WHY[code] ?? `cannot read (${code})`);
  }
  if (names.length > CA_PATH_MAX_FILES)
    return fail(`more than ${CA_PATH_MAX_FILES} certificate files (${names.length})`);
  const seen = new Set<string>();
  const pems: string[] = [];
  let total = 0;
  for (const entry of names) {
    const path = join(dir, entry);
    let real: string;
    try {
      // Hash links point at the .pem files beside them: each file is read once. A link to a
      // directory, a FIFO or a device is not a certificate file: skipped, not opened.
      if (!statSync(path).isFile()) continue;
      real = realpathSync(path);
    } catch {
      continue; // a dangling link
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const file = readUserFile(path, { capBytes: CA_FILE_CAP_BYTES, what: '--ca-path' });
    if (!file.ok) return file;
    total += file.bytes.length;
    if (total > CA_PATH_CAP_BYTES)
      return fail(`the certificate files are larger than ${formatBytes(CA_PATH_CAP_BYTES)}`);
    // A file that is not a certificate (a key, a CRL) is skipped, as openssl skips it.
    const blocks = splitPem(file.bytes.toString('utf8')).filter((block) => {
      try {
        new X509Certificate(block);
        return true;
      } catch {
        return false;
      }
    });
    if (blocks.length > 0) pems.push(blocks.join('\n'));
  }
  if (pems.length === 0) return fail('no certificate found (*.pem, *.crt or hashed *.0 files)');
  return { ok: true, value: pems };
}
