// Save a finished session: the transcript as text and the JSON report, in `dir`, named after the
// target and the time, so repeated saves never overwrite each other.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JudgedProbe } from '../model/events.js';
import { renderJson } from './json.js';
import { renderPlain } from './plain.js';
import { chainPem } from './chain-pem.js';
import type { CertificateInfo } from '../model/tls.js';

export function fileStem(target: { host: string; port: number }, now: Date): string {
  const host = target.host.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 80);
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '');
  return `smtpscope-${host}-${target.port}-${stamp}`;
}

export function saveSession(
  r: JudgedProbe,
  dir: string,
  now: Date,
): { transcriptPath: string; jsonPath: string } {
  const stem = fileStem(r.target, now);
  const transcriptPath = join(dir, `${stem}.txt`);
  const jsonPath = join(dir, `${stem}.json`);
  writeFileSync(transcriptPath, renderPlain(r));
  writeFileSync(jsonPath, renderJson(r));
  return { transcriptPath, jsonPath };
}

/** Save one certificate's PEM, named after the target, its place in the chain and the time. */
export function saveCertificatePem(
  target: { host: string; port: number },
  index: number,
  pem: string,
  dir: string,
  now: Date,
): string {
  const path = join(dir, `${fileStem(target, now)}-cert${index + 1}.pem`);
  writeFileSync(path, pem.endsWith('\n') ? pem : `${pem}\n`);
  return path;
}

/** Save the whole presented chain as one PEM file (leaf first, `# [n] subject` before each). */
export function saveChainPem(
  target: { host: string; port: number },
  chain: readonly CertificateInfo[],
  dir: string,
  now: Date,
): string {
  const path = join(dir, `${fileStem(target, now)}-chain.pem`);
  writeFileSync(path, chainPem(chain), { mode: 0o644 });
  return path;
}
