// vitest globalSetup: generate the test PKI once per run; workers find it via the environment.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePki } from './pki-generate.js';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'smtpscope-pki-'));
  const started = performance.now();
  generatePki(dir);
  if (process.env.SMTPSCOPE_VERBOSE) {
    console.log(`test PKI generated in ${Math.round(performance.now() - started)} ms at ${dir}`);
  }
  process.env.SMTPSCOPE_TEST_PKI = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
