// The `--scan --json` report: { schemaVersion: 1, mode: "scan", target, scan: {…} }. The field
// names inside `scan` are the contract of issue 14 (protocols.<version>.{supported, ciphers:
// [{name, standardName, weak}]}, serverOrder, groups, certificates, weaknesses, senders,
// notTestable, inconclusive, probes, ms): add fields, never rename them.
import type { ScanResult } from '../scan/types.js';
import { certificateExplanations } from '../wording/certificate.js';
import { weaknessWords } from '../wording/scan.js';
import { SENDER_PROFILES } from '../scan/sender-profiles.js';
import { groupName } from '../tlswire/index.js';

export function toScanJson(r: ScanResult): object {
  const protocols = Object.fromEntries(
    Object.entries(r.protocols).map(([v, p]) => [
      v,
      {
        supported: p.supported,
        complete: p.complete,
        ciphers: p.ciphers.map((c) => ({
          name: c.name,
          standardName: c.standardName,
          weak: c.weak,
          ...(c.keyExchange?.kind === 'ecdhe' ? { group: groupName(c.keyExchange.group) } : {}),
          ...(c.keyExchange?.kind === 'dhe' ? { dhBits: c.keyExchange.pBits } : {}),
        })),
      },
    ]),
  );
  return {
    schemaVersion: 1,
    mode: 'scan',
    target: r.target,
    scan: {
      protocols,
      serverOrder: r.serverOrder,
      groups: r.groups,
      certificates: r.certificates.map((c) => ({
        keyType: c.keyType,
        via: c.via,
        suite: c.suite,
        ...c.report,
        explanations: certificateExplanations(c.report),
      })),
      weaknesses: r.weaknesses.map((w) => ({ code: w.code, data: w.data, ...weaknessWords(w) })),
      senders: r.senders.map((s) => ({
        ...s,
        label: SENDER_PROFILES.find((p) => p.id === s.id)?.label ?? s.id,
      })),
      notTestable: r.notTestable,
      inconclusive: r.inconclusive,
      probes: r.probes,
      ms: r.ms,
      ...(r.fatal ? { fatal: r.fatal } : {}),
    },
  };
}

export function renderScanJson(r: ScanResult): string {
  return `${JSON.stringify(toScanJson(r), null, 2)}\n`;
}
