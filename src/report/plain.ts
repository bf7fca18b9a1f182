// The `--plain` report: a swaks-like transcript (C:/S: lines, TLS markers) then a readable
// summary of TLS, the chain and the verdict. All server text is escaped upstream.
import type { JudgedProbe, TranscriptEntry } from '../model/events.js';
import type { CertificateInfo } from '../model/tls.js';
import { daysLeftWords } from '../tls/cert-info.js';
import { strictTlsWords } from '../wording/verdict.js';
import { toJsonReport } from './json.js';
import type { JsonReport } from './json.js';
import { submissionLines } from './submission-json.js';
import { ladderLines } from './ladder.js';

const PREFIX: Record<TranscriptEntry['dir'], string> = {
  C: 'C: ',
  S: 'S: ',
  tls: '=== ',
  info: '*** ',
};

export function renderTranscriptText(r: JudgedProbe, timestamps = false): string {
  return r.transcript
    .map(
      (e) => `${timestamps ? `[${e.t.toFixed(1).padStart(8)} ms] ` : ''}${PREFIX[e.dir]}${e.text}`,
    )
    .join('\n');
}

function certLines(c: CertificateInfo, i: number): string[] {
  const key = `${c.key.type}${c.key.bits ? ` ${c.key.bits} bits` : ''}${c.key.curve ? ` (${c.key.curve})` : ''}`;
  return [
    `  [${i + 1}] ${c.subject}${c.problems.length ? `   <-- ${c.problems.join(', ')}` : ''}`,
    `      issuer:    ${c.issuer}`,
    ...(c.subjectAltNames.length ? [`      names:     ${c.subjectAltNames.join(', ')}`] : []),
    `      valid:     ${c.validFrom} .. ${c.validTo} (${daysLeftWords(c.daysLeft)})`,
    `      key:       ${key}; signature ${c.signatureAlgorithm}`,
    `      sha256:    ${c.fingerprint256}`,
  ];
}

/** The EHLO reply before TLS and what changed inside it (RFC 3207 §4.2): swaks shows both. */
function ehloLines(r: JsonReport): string[] {
  const out: string[] = [];
  const keys = (e: { extensions: Record<string, string[]> } | null): string =>
    e ? Object.keys(e.extensions).join(' ') || '(none)' : '';
  if (r.ehlo.before) out.push(`EHLO:     before TLS: ${keys(r.ehlo.before)}`);
  if (r.ehlo.after)
    out.push(
      `          ${r.ehlo.before ? 'inside TLS: ' : 'inside TLS (implicit): '}${keys(r.ehlo.after)}`,
    );
  const d = r.ehlo.diff;
  if (d) {
    const parts = [
      d.appeared.length ? `appeared ${d.appeared.join(' ')}` : '',
      d.vanished.length ? `vanished ${d.vanished.join(' ')}` : '',
      ...d.changed.map(
        (c) => `${c.keyword} ${c.before.join(' ') || '-'} → ${c.after.join(' ') || '-'}`,
      ),
    ].filter((p) => p.length > 0);
    out.push(`          changed by TLS: ${parts.join('; ') || 'nothing'}`);
  }
  return out;
}

export function renderSummary(judged: JudgedProbe): string {
  // The same view the JSON report is made of: one set of words for every output.
  const r = toJsonReport(judged);
  const out: string[] = [];
  out.push(
    `Target:   ${r.target.host} port ${r.target.port} (${r.target.address ?? 'unresolved'}), TLS mode ${r.target.tlsMode}`,
  );
  out.push('Steps:');
  for (const s of r.steps)
    out.push(
      `  ${s.name.padEnd(12)} ${s.status.padEnd(8)} ${String(s.ms).padStart(8)} ms  ${s.detail}`,
    );
  if (r.tls) {
    const t = r.tls;
    out.push(
      `TLS:      ${t.protocol}, ${t.cipher.standardName} (${t.cipher.name}${t.cipher.bits ? `, ${t.cipher.bits} bits` : ''})`,
    );
    out.push(
      `          key exchange ${t.keyExchange ?? 'unknown'}; OCSP stapled: ${t.ocspStapled ? 'yes' : 'no'}; SNI ${t.sni ?? 'none'}; handshake ${t.handshakeMs} ms`,
    );
    if (t.signatureScheme || t.helloRetry)
      out.push(
        `          signature scheme ${t.signatureScheme ?? 'none'}; HelloRetryRequest: ${t.helloRetry ? 'yes' : 'no'}`,
      );
  }
  if (r.tlsFailure) out.push(`TLS:      failed (${r.tlsFailure.reason}): ${r.tlsFailure.message}`);
  const ladder = r.tls?.handshake ?? r.tlsFailure?.handshake;
  if (ladder?.length) out.push('Handshake (ms since the ClientHello):', ...ladderLines(ladder));
  if (r.certificate) {
    const c = r.certificate;
    out.push(
      `Chain:    ${c.chain.length} certificate(s) presented; trusted: ${c.trusted ? 'yes' : 'no'}; matches ${c.verifyName}: ${c.hostnameMatch ? 'yes' : 'no'}`,
    );
    c.chain.forEach((cert, i) => out.push(...certLines(cert, i)));
    for (const e of c.explanations) out.push(`  ! ${e}`);
  }
  out.push(...ehloLines(r));
  if (r.submission) out.push(...submissionLines(r.submission));
  for (const n of r.notes) out.push(`Note:     ${n}`);
  const v = r.verdict;
  out.push(`Verdict:  ${v.status}${v.reasons.length ? ` (${v.reasons.join(', ')})` : ''}`);
  out.push(`StrictTLS sender: ${strictTlsWords(v)}`);
  out.push(`Summary:  ${v.summary}`);
  out.push(`Fix:      ${v.fix}`);
  return out.join('\n');
}

export function renderPlain(r: JudgedProbe): string {
  return `${renderTranscriptText(r)}\n\n${renderSummary(r)}\n`;
}
