// A domain run's verdict in words: one summary, one fix, made from the judgement's codes.
import type { Senders } from '../model/domain.js';
import type { DomainResult } from '../runner/domain.js';
import { problemWords } from './domain-problems.js';
import { describeVerdict } from './verdict.js';

type Words = { summary: string; fix: string };

/** Problems that leave a published _mta-sts TXT without a policy senders can use. */
const UNUSABLE_POLICY: ReadonlySet<string> = new Set([
  'sts-txt-several',
  'sts-txt-syntax',
  'sts-fetch',
  'sts-content-type',
  'sts-policy-syntax',
]);

function sendersLine(s: Senders): string {
  const ok = (k: keyof Senders): boolean => s[k].outcome === 'deliver-tls';
  const all = (Object.keys(s) as (keyof Senders)[]).filter(ok);
  return all.length === 5
    ? 'every kind of sender delivers over TLS'
    : `senders that deliver over TLS: ${all.length ? all.join(', ') : 'none'}`;
}

export function domainVerdictWords(r: DomainResult): Words {
  const j = r.judgement;
  const d = r.spec.domain;
  switch (j.status) {
    case 'null-mx':
      return {
        summary: `${d} publishes a null MX ("0 ."): it accepts no mail (RFC 7505), so every sender gives up; no connection was made.`,
        fix: 'Nothing to fix if the domain should receive no mail; otherwise replace the null MX with MX records for your mail servers.',
      };
    case 'policy-failure': {
      const words: string[] = [];
      const fixes: string[] = [];
      if (j.reasons.includes('mta-sts-mismatch')) {
        words.push('the enforced MTA-STS policy rules out an MX host');
        fixes.push(
          'List every MX host in the policy\'s "mx:" lines and give each a certificate valid for its name (then change the id in _mta-sts TXT).',
        );
      }
      if (j.reasons.includes('dane-mismatch')) {
        words.push("an MX host's chain matches none of its TLSA records");
        const lines = j.mx.flatMap((m) =>
          m.daneMatched === false ? (m.publish?.lines ?? []) : [],
        );
        fixes.push(
          `Publish TLSA records that match the live chain${lines.length ? `: ${lines.join('; ')}` : ''}, and keep them in step with key changes.`,
        );
      }
      if (j.reasons.includes('dane-dns-failed')) {
        words.push('a TLSA or address lookup fails DNSSEC validation');
        fixes.push(
          "Fix the zone's DNSSEC signatures (expired RRSIGs, a DS that matches no DNSKEY).",
        );
      }
      return {
        summary: `Senders that check policy act on it: ${words.join('; ')}; ${sendersLine(j.senders)}.`,
        fix: fixes.join(' '),
      };
    }
    case 'incomplete':
      return {
        summary: `The run was ${j.stopped === 'deadline' ? 'cut by --domain-timeout' : 'stopped'} before it finished: nothing is judged from a run that did not finish.`,
        fix:
          j.stopped === 'deadline'
            ? 'Nothing to fix from a cut run; give it more time (--domain-timeout).'
            : 'Nothing to fix from an interrupted run; run it again to the end.',
      };
    default: {
      if (r.policy.mxKind === 'failed') {
        const p = r.policy.mxProblems[0];
        return {
          summary: `No MX host to test: ${p ? problemWords(p) : 'the MX lookup failed.'}`,
          fix: 'Publish MX records for the domain (or A/AAAA records for an implicit MX) and check the DNS answers.',
        };
      }
      const worst = r.probes.find((p) => p.verdict.status === j.status);
      if (j.status !== 'ok' && worst === undefined) {
        // No probe ran: every MX host lacked an address (a dangling MX name, say).
        const why = r.policy.mxProblems.filter((p) => p.code === 'mx-no-address').map(problemWords);
        return {
          summary: `No MX host could be probed: ${why.length ? why.join(' ') : 'none has a usable address.'} Every sender defers, then bounces.`,
          fix: 'Give each MX host an A or AAAA record, or point the MX records at names that have one.',
        };
      }
      if (j.status === 'ok' || worst === undefined) {
        const implicit =
          r.policy.mxKind === 'implicit'
            ? ' (no MX records: the domain itself is the implicit MX)'
            : '';
        // A published _mta-sts TXT whose policy cannot be had: mail flows, but the policy the
        // owner meant to publish protects nothing (RFC 8461 §3.3), and "publish one" is wrong.
        const sts = j.sts.problems.filter((p) => p.code !== 'sts-policy-unknown-keys');
        const stsWords = sts.length ? ` But ${sts.map(problemWords).join(' ')}` : '';
        return {
          summary: `Every probed MX host offers TLS with a certificate valid for its name${implicit}; ${sendersLine(j.senders)}.${stsWords}`,
          fix: sts.some((p) => UNUSABLE_POLICY.has(p.code))
            ? 'Serve the MTA-STS policy at https://mta-sts.<domain>/.well-known/mta-sts.txt with a certificate valid for that name (RFC 8461 §3.2), or remove the _mta-sts TXT record.'
            : sts.length
              ? 'List every MX host in the policy\'s "mx:" lines, each with a certificate valid for its name, before moving the policy to enforce (then change the id in _mta-sts TXT).'
              : j.sts.mode === null && j.dane.secure !== true
                ? 'Nothing is broken. To make TLS mandatory for senders, publish an MTA-STS policy or DANE TLSA records (with DNSSEC).'
                : 'Nothing to fix. Keep certificates and published policies (MTA-STS, TLSA) in step when keys change.',
        };
      }
      const v = describeVerdict(worst);
      if (j.status === 'certificate-invalid') {
        // The host's words speak of verifying senders in general; the domain knows which of
        // them deliver (a DANE-EE match needs no public CA, RFC 7672 §3.1.1).
        const problems = worst.verdict.reasons.join(', ');
        const dane = j.senders.dane.outcome === 'deliver-tls';
        return {
          summary: `MX ${worst.target.host}: TLS works but the certificate fails PKIX verification (${problems}); ${sendersLine(j.senders)}.${dane ? ' DANE senders deliver: the TLSA records match.' : ''}`,
          fix: dane
            ? 'Senders that check the certificate against public CAs (MTA-STS, verified TLS) do not deliver: use a certificate from a publicly trusted CA, or leave delivery to DANE senders knowingly.'
            : v.fix,
        };
      }
      return { summary: `MX ${worst.target.host}: ${v.summary}`, fix: v.fix };
    }
  }
}
