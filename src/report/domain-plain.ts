// The `--plain` report of a domain run: the policy (MX list, MTA-STS, DANE, TLS-RPT), a sender
// table, then each MX address's summary as a host run prints it. All outside text is escaped.
import { SENDER_KINDS } from '../model/domain.js';
import type { DomainResult } from '../runner/domain.js';
import { SENDER_LABELS } from '../wording/domain-senders.js';
import { toDomainJson } from './domain-json.js';
import { renderSummary } from './plain.js';

const RECORD = (r: {
  usage: number;
  selector: number;
  matchingType: number;
  data: string;
}): string =>
  `${r.usage} ${r.selector} ${r.matchingType} ${r.data.length > 24 ? `${r.data.slice(0, 24)}…` : r.data}`;

export function renderDomainPlain(result: DomainResult): string {
  const r = toDomainJson(result);
  const p = r.policy;
  const out: string[] = [];
  out.push(
    `Domain:   ${r.domain}   (resolver ${r.resolver.server}${r.resolver.loopback ? '' : ', not on loopback'})`,
  );
  if (p.nullMx)
    out.push('MX:       null MX ("0 ."): the domain accepts no mail; nothing was probed');
  else if (p.mx.length === 0) out.push('MX:       none usable');
  else {
    out.push(
      `MX:       ${p.implicitMx ? 'no MX records; the domain itself is the implicit MX' : `${p.mx.length} host(s), most preferred first`} (MX DNSSEC: ${p.mxDnssec ?? '?'})`,
    );
    for (const m of p.mx) {
      const addrs = m.addresses.length
        ? m.addresses.join(', ')
        : `no address (${m.addressError ?? '?'})`;
      out.push(
        `  ${String(m.preference).padStart(5)} ${m.host}  ${addrs}  [addresses ${m.addressDnssec}]`,
      );
      const sts =
        m.mtaStsMatch === null ? '' : `MTA-STS: ${m.mtaStsMatch ? 'listed' : 'NOT listed'}   `;
      const t = m.dane.tlsa;
      const dane = t
        ? `DANE: ${m.dane.applies}${m.dane.matched === null ? '' : m.dane.matched ? ', chain matches' : ', chain does NOT match'} (TLSA ${t.name} ${t.dnssec}, ${t.records.length} record(s))`
        : `DANE: ${m.dane.applies}`;
      out.push(`        ${sts}${dane}`);
      for (const rec of t?.records ?? [])
        out.push(
          `          TLSA ${RECORD(rec.record)}  ${rec.use}${rec.depth === null ? '' : `, matches depth ${rec.depth}${rec.taCheck && rec.taCheck !== 'ok' ? ` but ${rec.taCheck}` : ''}`}`,
        );
    }
  }
  for (const pr of p.problems) out.push(`  ! ${pr.message}`);
  const s = p.mtaSts;
  out.push(
    s.txt
      ? `MTA-STS:  TXT id=${s.txt.id}; policy ${s.policy ? `mode ${s.policy.mode}, max_age ${s.policy.maxAge}, mx ${s.policy.mx.join(' ')}` : 'not usable'}${s.mxMatch === null ? '' : `; every MX listed: ${s.mxMatch ? 'yes' : 'no'}`}`
      : 'MTA-STS:  no _mta-sts TXT record (no policy)',
  );
  for (const pr of s.problems) out.push(`  ! ${pr.message}`);
  const d = p.dane;
  out.push(`DANE:     secure: ${d.secure ?? 'n/a'}; matched: ${d.matched ?? 'n/a'}`);
  for (const pr of d.problems) out.push(`  ! ${pr.message}`);
  for (const pub of d.publish) {
    out.push(
      `  TLSA to publish for ${pub.host}${pub.rolloverReady === false ? ' (rollover NOT ready)' : ''}:`,
    );
    for (const line of pub.lines) out.push(`    ${line}`);
  }
  const t = p.tlsRpt;
  out.push(
    t.record
      ? `TLS-RPT:  ${t.record}${t.rua.length ? ` (reports to ${t.rua.join(', ')})` : ''}`
      : 'TLS-RPT:  no _smtp._tls TXT record',
  );
  for (const pr of t.problems) out.push(`  ! ${pr.message}`);
  out.push('');
  out.push('Senders:');
  for (const k of SENDER_KINDS) {
    const x = r.verdict.senders[k];
    out.push(`  ${SENDER_LABELS[k].padEnd(14)} ${x.outcome.padEnd(18)} ${x.why}`);
  }
  out.push('');
  out.push(
    `Verdict:  ${r.verdict.status}${r.verdict.reasons.length ? ` (${r.verdict.reasons.join(', ')})` : ''}`,
  );
  out.push(`Summary:  ${r.verdict.summary}`);
  out.push(`Fix:      ${r.verdict.fix}`);
  for (const probe of result.probes) {
    out.push('');
    out.push(`--- MX ${probe.target.host} at ${probe.target.address ?? '?'} ---`);
    out.push(renderSummary(probe));
  }
  return `${out.join('\n')}\n`;
}
