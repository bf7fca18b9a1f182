// A batch lab: the domain lab's SMTP servers (full chain on 127.0.0.2, no TLS on 127.0.0.4) and
// one loopback DNS server holding N synthetic domains: many on one shared MX host, some with an
// MX host of their own (same address, another name), some on a host without TLS, null MX.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NameFlags, ZoneRecord } from '../support/dns-server.js';
import { getTestPki } from '../support/pki.js';
import { FULL, NO_TLS, startLab } from '../domain/lab.js';
import type { Lab } from '../domain/lab.js';

export interface BatchLab extends Lab {
  dir: string;
  rootFile: string;
  /** Every synthetic domain, by kind. */
  domains: { shared: string[]; own: string[]; noTls: string[]; nullMx: string[]; stall: string[] };
  args(extra?: string[]): string[];
}

export async function startBatchLab(
  n = { shared: 12, own: 4, noTls: 4, nullMx: 2, stall: 2 },
): Promise<BatchLab> {
  const domains = {
    shared: Array.from({ length: n.shared }, (_, i) => `shared-${i}.lab.test`),
    own: Array.from({ length: n.own }, (_, i) => `own-${i}.lab.test`),
    noTls: Array.from({ length: n.noTls }, (_, i) => `plain-${i}.lab.test`),
    nullMx: Array.from({ length: n.nullMx }, (_, i) => `null-${i}.lab.test`),
    // Their MX query is never answered: items that last until cut (deadline, signal).
    stall: Array.from({ length: n.stall }, (_, i) => `stall-${i}.lab.test`),
  };
  const zone = (): {
    records: ZoneRecord[];
    names: Record<string, NameFlags>;
    policies: Record<string, never>;
  } => {
    const records: ZoneRecord[] = [];
    const mx = (domain: string, exchange: string, preference = 10): void =>
      void records.push({ name: domain, type: 'MX', data: { preference, exchange } });
    records.push({ name: 'mx-shared.lab.test', type: 'A', data: FULL });
    records.push({ name: 'mx-plain.lab.test', type: 'A', data: NO_TLS });
    for (const d of domains.shared) mx(d, 'mx-shared.lab.test');
    domains.own.forEach((d, i) => {
      mx(d, `mx-own-${i}.lab.test`);
      records.push({ name: `mx-own-${i}.lab.test`, type: 'A', data: FULL });
    });
    for (const d of domains.noTls) mx(d, 'mx-plain.lab.test');
    for (const d of domains.nullMx) mx(d, '.', 0);
    const names: Record<string, NameFlags> = {};
    for (const d of domains.stall) names[d] = { mode: 'silent' };
    return { records, names, policies: {} };
  };
  const lab = await startLab(zone, ['mta-sts.lab.test']);
  const dir = mkdtempSync(join(tmpdir(), 'smtpscope-batch-'));
  const rootFile = join(dir, 'root.pem');
  writeFileSync(rootFile, getTestPki().rootPem);
  return {
    ...lab,
    dir,
    rootFile,
    domains,
    args: (extra = []) => [
      '--resolver',
      `127.0.0.1:${lab.dns.port}`,
      '--port',
      String(lab.port),
      '--ca-file',
      rootFile,
      '--ehlo',
      'client.lab.test',
      '--timeout',
      '3000',
      ...extra,
    ],
  };
}

export function allDomains(lab: BatchLab): string[] {
  const d = lab.domains;
  return [...d.shared, ...d.own, ...d.noTls, ...d.nullMx];
}

/** Whole JSON lines of an NDJSON text (a cut last line is left out). */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
