// A mail domain given to the TUI: its policy looked up as a domain run does (MX, MTA-STS,
// DANE's TLSA, TLS-RPT), shaped for the TUI's pick screen, where the user chooses the MX host
// (and address) to step through. Loaded on demand (src/cli.ts).
import { resolverFor } from '../dns/shared.js';
import { systemResolver } from '../dns/addresses.js';
import type { DomainSpec } from '../model/domain.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import { lookupPolicy } from '../runner/domain-lookup.js';
import { escapeText } from '../smtp/escape.js';
import type { TuiPolicy } from '../ui/state/policy.js';
import type { JudgedProbe } from '../model/events.js';
import type { Escaped } from '../model/text.js';
import { problemWords } from '../wording/domain-problems.js';
import { domainVerdictWords } from '../wording/domain-verdict.js';
import { SENDER_LABELS, outcomeWords, senderWhy } from '../wording/domain-senders.js';
import type { SenderKind } from '../model/domain.js';
import { judgeDomain } from '../policy/domain-verdict.js';
import { resolverInfoOf } from '../runner/domain.js';
import { DOMAIN_EXIT_CODES } from './exit-codes.js';

export async function tuiPolicy(
  domain: string,
  options: ProbeSpec,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TuiPolicy> {
  const { host: _host, sni: _sni, verifyName: _verify, address: _address, ...probe } = options;
  const spec: DomainSpec = { domain, probe, mxFirst: false, allAddresses: false };
  const resolver = options.resolver ? resolverFor(options.resolver) : systemResolver();
  const started = new Date().toISOString();
  const p = await lookupPolicy(spec, {
    resolver,
    signal: AbortSignal.timeout(options.timeoutMs),
    env,
  });
  const policy = p.sts.parsed?.policy ?? null;
  const resolverInfo = resolverInfoOf(resolver);
  const judgeWith = (probes: JudgedProbe[]) =>
    judgeDomain(p, probes, {
      port: options.port,
      caPems: options.caPems ?? [],
      resolver: resolverInfo,
      now: new Date(),
    });
  // What the policy alone says (an MX outside the MTA-STS policy, DANE without TLS-RPT…): the
  // domain's own findings, judged before any probe; each said once.
  const problemLines = (j: ReturnType<typeof judgeWith>): Escaped[] =>
    [
      ...new Set(
        [...p.mxProblems, ...j.sts.problems, ...j.dane.problems, ...j.tlsRptProblems].map((x) =>
          problemWords(x),
        ),
      ),
    ].map((w) => escapeText(w));
  const lines = [
    escapeText(
      policy
        ? `MTA-STS: ${policy.mode}, mx ${policy.mx.join(' ')}`
        : p.sts.txt.count === 0
          ? 'MTA-STS: none published'
          : 'MTA-STS: published, but no usable policy',
    ),
    escapeText(
      p.tlsRpt.record ? `TLS-RPT: reports to ${p.tlsRpt.rua.join(', ')}` : 'TLS-RPT: none',
    ),
    ...problemLines(judgeWith([])),
  ];
  return {
    domain: escapeText(domain),
    kind: p.mxKind,
    mx: p.mx.map((m) => ({
      preference: m.preference,
      name: m.host,
      host: escapeText(m.host),
      addresses: m.addresses.map((a) => a.address),
      note: m.tlsa
        ? escapeText(
            m.tlsa.records.length === 0
              ? `no TLSA (${m.tlsa.state}): DANE does not apply`
              : `TLSA ${m.tlsa.state}: ${m.tlsa.records.length} record${m.tlsa.records.length === 1 ? '' : 's'}`,
          )
        : null,
    })),
    lines,
    judge: (probe) => {
      const judgement = judgeWith([probe]);
      const words = domainVerdictWords({
        spec,
        startedAt: started,
        policy: p,
        probes: [probe],
        judgement,
        resolver: resolverInfo,
      });
      const reasons = judgement.reasons.length ? ` (${judgement.reasons.join(', ')})` : '';
      const kinds = Object.keys(judgement.senders) as SenderKind[];
      const title = escapeText(`Domain ${domain} with this MX: ${judgement.status}${reasons}`);
      const senders = escapeText(
        `Senders: ${kinds.map((k) => `${SENDER_LABELS[k]} ${outcomeWords(judgement.senders[k])}`).join('; ')}`,
      );
      // Most telling first: a short panel cuts at its bottom.
      return {
        brief: [title, senders, escapeText(`Fix: ${words.fix}`)],
        status: judgement.status,
        exitCode: DOMAIN_EXIT_CODES[judgement.status],
        lines: [
          title,
          senders,
          escapeText(words.summary),
          escapeText(`Fix: ${words.fix}`),
          ...problemLines(judgement),
          ...kinds.map((k) =>
            escapeText(
              `  ${SENDER_LABELS[k]}: ${outcomeWords(judgement.senders[k])} — ${senderWhy(judgement.senders[k])}`,
            ),
          ),
        ],
      };
    },
  };
}
