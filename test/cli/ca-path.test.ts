// --ca-path DIR: which files count, the bounds, the one-line errors; and the chain PEM writer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { CA_PATH_MAX_FILES, readCaPath } from '../../src/input/ca-path.js';
import { chainPem } from '../../src/report/chain-pem.js';
import { saveChainPem } from '../../src/report/save.js';
import { splitPem } from '../../src/tls/trust-store.js';
import { describeCertificate } from '../../src/tls/cert-info.js';
import { getTestPki } from '../support/pki.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'smtpscope-capath-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readCaPath', () => {
  it('reads *.pem, *.crt and hashed links once each, skipping other files', () => {
    const pki = getTestPki();
    writeFileSync(join(dir, 'root.pem'), pki.rootPem);
    writeFileSync(join(dir, 'other.crt'), readFileSync(pki.otherRootFile, 'utf8'));
    writeFileSync(join(dir, 'notes.txt'), pki.intermediatePem); // not a certificate name
    writeFileSync(join(dir, 'key.pem'), pki.cases.valid.keyPem); // no certificate in it
    symlinkSync('root.pem', join(dir, '0123abcd.0')); // a hash link to a file already read
    mkdirSync(join(dir, 'sub.pem')); // a directory named like a certificate
    execFileSync('mkfifo', [join(dir, 'fifo.crt')]); // never opened
    const r = readCaPath(dir);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const subjects = r.value.flatMap(splitPem).map((p) => new X509Certificate(p).subject);
    expect(subjects).toHaveLength(2);
    expect(subjects).toContain(new X509Certificate(pki.rootPem).subject);
  });

  it('reads a hashed link whose target has another name', () => {
    mkdirSync(join(dir, 'store'));
    writeFileSync(join(dir, 'root.cert'), getTestPki().rootPem);
    symlinkSync(join(dir, 'root.cert'), join(dir, 'store', '5ed36f99.0'));
    const r = readCaPath(join(dir, 'store'));
    expect(r.ok && r.value.length).toBe(1);
  });

  const errors: [string, (d: string) => string, RegExp][] = [
    ['a missing directory', (d) => join(d, 'nope'), /--ca-path \S+nope: no such directory$/],
    [
      'a file',
      (d) => (writeFileSync(join(d, 'f.pem'), 'x'), join(d, 'f.pem')),
      /: not a directory$/,
    ],
    ['an empty directory', (d) => d, /: no certificate found/],
    [
      'too many files',
      (d) => {
        for (let i = 0; i <= CA_PATH_MAX_FILES; i++) writeFileSync(join(d, `${i}.pem`), '');
        return d;
      },
      /more than 1000 certificate files \(1001\)/,
    ],
    [
      'a file over the per-file cap',
      (d) => (writeFileSync(join(d, 'big.pem'), Buffer.alloc(1024 * 1024 + 1)), d),
      /--ca-path \S+big\.pem: larger than 1 MiB/,
    ],
  ];
  for (const [what, make, error] of errors)
    it(`${what}: one line`, () => {
      const r = readCaPath(make(dir));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
      if (!r.ok) expect(r.error).not.toContain('\n');
    });
});

describe('chainPem and saveChainPem', () => {
  const chain = splitPem(getTestPki().cases.valid.chainPem).map((p) =>
    describeCertificate(new X509Certificate(p), new Date()),
  );

  it('writes leaf first, each block after a "# [n] subject" line, loadable as a bundle', () => {
    const text = chainPem(chain);
    const comments = text.split('\n').filter((l) => l.startsWith('#'));
    expect(comments).toEqual(chain.map((c, i) => `# [${i + 1}] ${c.subject}`));
    expect(splitPem(text).map((p) => new X509Certificate(p).fingerprint256)).toEqual(
      chain.map((c) => c.fingerprint256),
    );
    expect(text.indexOf(chain[0]!.pem.trim())).toBeLessThan(text.indexOf(chain[1]!.pem.trim()));
  });

  it('saveChainPem names the file after the target and the time, mode 0644', () => {
    const path = saveChainPem({ host: 'mx.lab.test', port: 25 }, chain, dir, new Date(0));
    expect(path).toBe(join(dir, 'smtpscope-mx.lab.test-25-1970-01-01T000000-chain.pem'));
    expect(readFileSync(path, 'utf8')).toBe(chainPem(chain));
    expect(statSync(path).mode & 0o777).toBe(0o644 & ~process.umask());
  });
});
