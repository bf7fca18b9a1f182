// Save a finished session: the transcript as text and the JSON report, in `dir`, named after the
// target and the time, so repeated saves never overwrite each other.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionResult } from '../session/types.js';
import { renderJson } from './json.js';
import { renderPlain } from './plain.js';

export function fileStem(r: SessionResult, now: Date): string {
  const host = r.target.host.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 80);
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '');
  return `smtpscope-${host}-${r.target.port}-${stamp}`;
}

export function saveSession(
  r: SessionResult,
  dir: string,
  now: Date,
): { transcriptPath: string; jsonPath: string } {
  const stem = fileStem(r, now);
  const transcriptPath = join(dir, `${stem}.txt`);
  const jsonPath = join(dir, `${stem}.json`);
  writeFileSync(transcriptPath, renderPlain(r));
  writeFileSync(jsonPath, renderJson(r));
  return { transcriptPath, jsonPath };
}
