// Why a sender does what it does, in one sentence per sender (the `why` of the report).
import type { SenderJudgement, SenderKind, SenderReason } from '../model/domain.js';

export const SENDER_LABELS: Record<SenderKind, string> = {
  opportunistic: 'opportunistic',
  strictTls: 'StrictTLS',
  verifiedTls: 'verified TLS',
  mtaSts: 'MTA-STS',
  dane: 'DANE',
};

const REASONS: Record<SenderReason, string> = {
  'tls-verified': 'TLS works and the certificate verifies for the MX name',
  'tls-unverified': 'TLS works; the certificate is not checked by this sender',
  'no-tls-plaintext': 'no STARTTLS is offered, so it sends in clear text',
  'tls-failed-plaintext': 'TLS fails, so it retries in clear text',
  'no-tls-required': 'TLS is required and the server does not offer STARTTLS',
  'tls-failed-required': 'TLS is required and STARTTLS or the handshake fails',
  'certificate-invalid': 'the certificate does not verify for the MX name',
  temporary:
    'the server could not be reached or the SMTP session broke off (a temporary failure: it retries later)',
  'not-tested': 'TLS was not tested in this run',
  'null-mx': 'the domain publishes a null MX: it accepts no mail (RFC 7505)',
  'no-mx': 'there is no MX host to deliver to',
  'sts-none': 'no MTA-STS policy in force, so it acts as an opportunistic sender',
  'sts-testing':
    'the policy is in testing mode: it delivers as usual and would report failures (TLS-RPT)',
  'sts-mx-not-listed': 'the MTA-STS policy does not list this MX, so it is skipped',
  'sts-match': 'the MX is listed in the enforced policy and its certificate verifies',
  'sts-certificate':
    'the enforced policy needs a certificate valid for the MX name, and this one fails',
  'sts-no-tls': 'the enforced policy needs TLS, and TLS fails or is not offered',
  'dane-not-applicable':
    'DANE does not apply (no secure usable TLSA records), so it acts opportunistically',
  'dane-unusable-only':
    'only unusable TLSA records: TLS is required but not authenticated (RFC 7672 §2.2)',
  'dane-match': 'the chain matches a TLSA record',
  'dane-mismatch': 'the chain matches none of the usable TLSA records',
  'dane-no-tls': 'the TLSA records make TLS mandatory, and TLS fails or is not offered',
  'dane-dns-failed': 'the TLSA or address lookup fails DNSSEC validation, so the MX is unusable',
  'walk-first': 'the most preferred MX works',
  'walk-next': 'an earlier MX fails, the next one works',
  'walk-none': 'no MX works',
};

const OUTCOME: Record<SenderJudgement['outcome'], string> = {
  'deliver-tls': 'delivers over TLS',
  'deliver-plaintext': 'delivers in clear text',
  defer: 'defers (retries later)',
  drop: 'does not deliver',
  'not-applicable': 'cannot be judged',
};

export function outcomeWords(j: SenderJudgement): string {
  return OUTCOME[j.outcome];
}

/** One sentence: what and why, and which MX. */
export function senderWhy(j: SenderJudgement): string {
  const at = j.mx ? ` (MX ${j.mx})` : '';
  const skipped = j.skipped?.length ? ` after skipping ${j.skipped.join(', ')}` : '';
  const reason = REASONS[j.reason];
  return `${reason.charAt(0).toUpperCase()}${reason.slice(1)}${at}${skipped}.`;
}
