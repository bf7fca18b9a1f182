// The `--json` report of a domain run: one object (issue 12's contract). `probes` holds each MX
// address's single-host report exactly as a host run prints it.
import type {
  DnssecState,
  PolicyProblem,
  SenderKind,
  StsPolicy,
  TlsaMatch,
  TlsaRecord,
} from '../model/domain.js';
import { tlsaUse } from '../policy/dane.js';
import { SENDER_KINDS } from '../model/domain.js';
import type { DomainStatus } from '../model/domain.js';
import type { Escaped } from '../model/text.js';
import type { DomainResult } from '../runner/domain.js';
import { problemReport } from '../wording/domain-problems.js';
import { senderWhy } from '../wording/domain-senders.js';
import { domainVerdictWords } from '../wording/domain-verdict.js';
import { SCHEMA_VERSION, toJsonReport } from './json.js';
import type { JsonReport } from './json.js';

type Problem = PolicyProblem & { message: string };

export interface SenderReport {
  outcome: string;
  why: string;
  mx: string | null;
  reason: string;
  skipped?: string[];
}

export interface DomainJsonReport {
  schemaVersion: number;
  kind: 'domain';
  domain: string;
  startedAt: string;
  resolver: { server: string; loopback: boolean; trustsAdBit: true };
  policy: {
    domain: string;
    mxDnssec: DnssecState | null;
    nullMx: boolean;
    implicitMx: boolean;
    mx: {
      preference: number;
      host: string;
      addresses: string[];
      addressDnssec: DnssecState;
      addressError: string | null;
      dane: {
        applies: string;
        tlsa: { name: string; dnssec: DnssecState; records: TlsaMatch[] } | null;
        matched: boolean | null;
        /** Per probed address: which record matched at which depth (null: none). */
        addresses: { address: string; matched: TlsaMatch | null }[];
      };
      mtaStsMatch: boolean | null;
      senders: Record<SenderKind, SenderReport>;
    }[];
    problems: Problem[];
    mtaSts: {
      txt: {
        record: Escaped;
        id: string;
        fields: { key: Escaped; value: Escaped }[];
        unknown: Escaped[];
      } | null;
      policy: StsPolicy | null;
      policyHost: string | null;
      mode: string | null;
      mxMatch: boolean | null;
      problems: Problem[];
    };
    dane: {
      records: { host: string; name: string; dnssec: DnssecState; records: TlsaMatch[] }[];
      secure: boolean | null;
      matched: boolean | null;
      problems: Problem[];
      publish: { host: string; lines: string[]; rolloverReady: boolean | null }[];
    };
    tlsRpt: { record: Escaped | null; rua: Escaped[]; problems: Problem[] };
  };
  probes: JsonReport[];
  verdict: {
    status: DomainStatus;
    reasons: string[];
    summary: string;
    fix: string;
    senders: Record<SenderKind, SenderReport>;
  };
}

/** Records judged against no chain (no TLS, or DANE not applicable): their use only. */
function unmatched(records: TlsaRecord[]): TlsaMatch[] {
  return records.map((record) => ({ record, use: tlsaUse(record), depth: null }));
}

function senderReports(s: DomainResult['judgement']['senders']): Record<SenderKind, SenderReport> {
  return Object.fromEntries(
    SENDER_KINDS.map((k) => {
      const j = s[k];
      const r: SenderReport = { outcome: j.outcome, why: senderWhy(j), mx: j.mx, reason: j.reason };
      if (j.skipped) r.skipped = j.skipped;
      return [k, r];
    }),
  ) as Record<SenderKind, SenderReport>;
}

export function toDomainJson(r: DomainResult): DomainJsonReport {
  const j = r.judgement;
  const p = r.policy;
  const words = domainVerdictWords(r);
  const txt = p.sts.txt.record;
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'domain',
    domain: r.spec.domain,
    startedAt: r.startedAt,
    resolver: { ...r.resolver, trustsAdBit: true },
    policy: {
      domain: p.domain,
      mxDnssec: p.mxState,
      nullMx: p.mxKind === 'null-mx',
      implicitMx: p.mxKind === 'implicit',
      mx: j.mx.map((m) => ({
        preference: m.facts.preference,
        host: m.facts.host,
        addresses: m.facts.addresses.map((a) => a.address),
        addressDnssec: m.facts.addressState,
        addressError: m.facts.addressError,
        dane: {
          applies: m.dane.kind,
          tlsa: m.facts.tlsa
            ? {
                name: m.facts.tlsa.name,
                dnssec: m.facts.tlsa.state,
                records:
                  m.addresses.find((a) => a.dane)?.dane?.records ?? unmatched(m.facts.tlsa.records),
              }
            : null,
          matched: m.daneMatched,
          addresses: m.addresses.map((a) => ({
            address: a.address,
            matched: a.dane?.matched ?? null,
          })),
        },
        mtaStsMatch: m.stsListed,
        senders: senderReports(m.senders),
      })),
      problems: p.mxProblems.map(problemReport),
      mtaSts: {
        txt: txt ? { record: txt.raw, id: txt.id, fields: txt.fields, unknown: txt.unknown } : null,
        policy: p.sts.parsed?.policy ?? null,
        policyHost: txt ? `mta-sts.${p.domain}` : null,
        mode: j.sts.mode,
        mxMatch: j.sts.mxMatch,
        problems: j.sts.problems.map(problemReport),
      },
      dane: {
        records: j.mx.flatMap((m) =>
          m.facts.tlsa
            ? [
                {
                  host: m.facts.host,
                  name: m.facts.tlsa.name,
                  dnssec: m.facts.tlsa.state,
                  records:
                    m.addresses.find((a) => a.dane)?.dane?.records ??
                    unmatched(m.facts.tlsa.records),
                },
              ]
            : [],
        ),
        secure: j.dane.secure,
        matched: j.dane.matched,
        problems: j.dane.problems.map(problemReport),
        publish: j.mx.flatMap((m) => (m.publish ? [{ host: m.facts.host, ...m.publish }] : [])),
      },
      tlsRpt: {
        record: p.tlsRpt.record,
        rua: p.tlsRpt.rua,
        problems: j.tlsRptProblems.map(problemReport),
      },
    },
    probes: r.probes.map(toJsonReport),
    verdict: { status: j.status, reasons: j.reasons, ...words, senders: senderReports(j.senders) },
  };
}

export function renderDomainJson(r: DomainResult): string {
  return `${JSON.stringify(toDomainJson(r), null, 2)}\n`;
}
