// Words for the policy findings of a domain run (MX, MTA-STS, DANE, TLS-RPT). Every value that
// came from DNS or the policy host is escaped already (an Escaped in the model).
import type { PolicyProblem, StsFetchFailure } from '../model/domain.js';

const FETCH: Record<StsFetchFailure, string> = {
  dns: 'the policy host has no address',
  connect: 'cannot connect to the policy host',
  tls: 'the TLS handshake with the policy host failed',
  certificate: 'the policy host certificate is not valid for its name',
  redirect: 'the policy host answered with a redirect',
  status: 'the policy host did not answer 200',
  timeout: 'the policy host did not answer in time',
  'too-large': 'the policy is larger than 64 KiB',
  http: 'the HTTP exchange with the policy host failed',
};

export function problemWords(p: PolicyProblem): string {
  switch (p.code) {
    case 'null-mx-mixed':
      return 'A null MX ("0 .") is published beside other MX records; RFC 7505 §3 says it must stand alone (senders ignore it here).';
    case 'mx-truncated':
      return `${p.count} MX hosts; only the first 10 are probed.`;
    case 'mx-invalid-name':
      return `MX record "${p.host}" does not name a host; it is skipped.`;
    case 'mx-dns':
      return `${p.detail}.`;
    case 'mx-no-address':
      return `MX ${p.host} has no usable address: ${p.detail}.`;
    case 'sts-txt-several':
      return `${p.count} _mta-sts TXT records begin with v=STSv1; exactly one is allowed (RFC 8461 §3.1), so senders see no policy.`;
    case 'sts-txt-syntax':
      return `The _mta-sts TXT record is invalid (${p.detail}), so senders see no policy (RFC 8461 §3.1).`;
    case 'sts-txt-dns':
      return `The _mta-sts TXT lookup failed: ${p.detail}.`;
    case 'sts-fetch':
      return `MTA-STS policy not fetched: ${FETCH[p.reason]} (${p.detail}); senders without a cached policy treat the domain as having none (RFC 8461 §3.3).`;
    case 'sts-content-type':
      return `The policy is served as "${p.got}", not text/plain (RFC 8461 §3.2).`;
    case 'sts-policy-syntax':
      return p.line > 0
        ? `Policy line ${p.line}${p.key ? ` (${p.key})` : ''}: ${p.detail}.`
        : `Policy: ${p.detail}.`;
    case 'sts-policy-unknown-keys':
      return `The policy has keys RFC 8461 does not define (kept, ignored by senders): ${p.keys.join(', ')}.`;
    case 'sts-mx-not-listed':
      return `MX ${p.host} matches no mx pattern of the MTA-STS policy: MTA-STS senders in enforce mode never use it (RFC 8461 §4.1).`;
    case 'sts-mx-certificate':
      return `MX ${p.host} is listed, but its certificate fails (${p.problems.join(', ') || 'not verified'}): MTA-STS senders in enforce mode skip it (RFC 8461 §4.2).`;
    case 'dane-unusable':
      return `MX ${p.host} publishes only TLSA usages ${p.usages.join(', ')}, which SMTP does not use (RFC 7672 §3.1.3): DANE senders require TLS but cannot authenticate.`;
    case 'dane-mismatch':
      return `MX ${p.host}: the certificate chain matches none of its usable TLSA records; DANE senders defer on it and try the next MX (RFC 7672 §2.2).`;
    case 'dane-ta-absent':
      return `MX ${p.host}: a DANE-TA (2) record names ${p.ca}, which the server did not send; put that CA in the chain the server presents (RFC 7672 §3.1.2).`;
    case 'dane-dns':
      return `MX ${p.host}: the ${p.what === 'tlsa' ? 'TLSA' : 'address'} lookup is ${p.state === 'bogus' ? 'bogus (DNSSEC validation failed)' : 'failing'}; DANE senders treat the MX as unusable.`;
    case 'dane-rollover':
      return `MX ${p.host}: the TLSA records match only the current leaf key, so the next key change breaks DANE delivery: publish a "3 1 1" for the next key (or a "2 1 1" for the issuing CA) before the change.`;
    case 'dane-resolver-trusted':
      return p.loopback
        ? `DNSSEC status is the AD bit of the resolver ${p.server}, trusted as Postfix trusts it.`
        : `DNSSEC status is the AD bit of the resolver ${p.server}, trusted as Postfix trusts it — but that resolver is not on loopback, so the path to it could forge AD (RFC 6698 §4.1).`;
    case 'tlsrpt-several':
      return `${p.count} _smtp._tls TXT records begin with v=TLSRPTv1; exactly one is allowed (RFC 8460 §3).`;
    case 'tlsrpt-syntax':
      return `The TLS-RPT record is invalid: ${p.detail} (RFC 8460 §3).`;
    case 'tlsrpt-missing':
      return `${p.uses.join(' and ')} ${p.uses.length > 1 ? 'are' : 'is'} in use but there is no TLS-RPT record (_smtp._tls): publish one to hear about senders' failures (RFC 8460).`;
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

/** A finding as the JSON report carries it: the code, its data and its words. */
export function problemReport(p: PolicyProblem): PolicyProblem & { message: string } {
  return { ...p, message: problemWords(p) };
}
