// The test PKI: a root, an intermediate and one leaf per certificate case, made with the openssl
// CLI once per test run (vitest globalSetup) into a temp dir named by SMTPSCOPE_TEST_PKI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type CertCaseName =
  | 'valid'
  | 'expired'
  | 'notYetValid'
  | 'wrongHost'
  | 'selfSigned'
  | 'missingIntermediate'
  | 'rsa1024'
  | 'sha1'
  | 'ecdsa'
  | 'hostile'
  | 'bigCert'
  | 'longChain';

export interface CertCase {
  keyPem: string;
  certPem: string;
  /** What the server presents: leaf first, then intermediates. */
  chainPem: string;
  keyFile: string;
  chainFile: string;
}

export interface TestPki {
  dir: string;
  rootPem: string;
  rootFile: string;
  intermediatePem: string;
  /** A root nothing chains to. */
  otherRootFile: string;
  cases: Record<CertCaseName, CertCase>;
}

export const CASE_NAMES: CertCaseName[] = [
  'valid',
  'expired',
  'notYetValid',
  'wrongHost',
  'selfSigned',
  'missingIntermediate',
  'rsa1024',
  'sha1',
  'ecdsa',
  'hostile',
  'bigCert',
  'longChain',
];

const read = (f: string): string => readFileSync(f, 'utf8');

function load(dir: string): TestPki {
  const cases = {} as Record<CertCaseName, CertCase>;
  for (const name of CASE_NAMES) {
    const keyFile = join(dir, `${name}.key`);
    const chainFile = join(dir, `${name}.chain.pem`);
    cases[name] = {
      keyFile,
      chainFile,
      keyPem: read(keyFile),
      certPem: read(join(dir, `${name}.crt`)),
      chainPem: read(chainFile),
    };
  }
  return {
    dir,
    rootFile: join(dir, 'root.crt'),
    rootPem: read(join(dir, 'root.crt')),
    intermediatePem: read(join(dir, 'intermediate.crt')),
    otherRootFile: join(dir, 'other-root.crt'),
    cases,
  };
}

let cached: TestPki | null = null;

/** Inside vitest: the PKI the globalSetup generated. */
export function getTestPki(): TestPki {
  if (cached) return cached;
  const dir = process.env.SMTPSCOPE_TEST_PKI;
  if (!dir)
    throw new Error('SMTPSCOPE_TEST_PKI is not set: is test/support/global-setup.ts configured?');
  cached = load(dir);
  return cached;
}

/** Outside vitest (benchmarks, manual tries): generate into a cache dir once. */
export async function ensureTestPki(): Promise<TestPki> {
  if (process.env.SMTPSCOPE_TEST_PKI) return getTestPki();
  const dir = join(tmpdir(), 'smtpscope-test-pki');
  if (!existsSync(join(dir, 'complete'))) {
    const { generatePki } = await import('./pki-generate.js');
    mkdirSync(dir, { recursive: true });
    generatePki(dir);
    writeFileSync(join(dir, 'complete'), '');
  }
  cached = load(dir);
  return cached;
}

export function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    // Node cannot sign X.509 certificates itself; say plainly what is missing.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        'the tests generate their certificates with the openssl command, which is not installed (Debian: apt-get install openssl; .ci/run installs it)',
        { cause: err },
      );
    throw err;
  }
}
