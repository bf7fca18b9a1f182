// Words for certificate problems: what each means for a sender that verifies (MTA-STS RFC 8461
// §4.2, DANE RFC 7672) and what the server's admin should do.
import type { CertificateInfo, CertificateProblem, CertificateReport } from '../model/tls.js';

export interface ProblemContext {
  chain: CertificateInfo[];
  verifyName: string;
}

const isIpAddress = (s: string): boolean => /^[\d.]+$/.test(s) || s.includes(':');

/** The first few names, and how many more: a certificate may carry thousands. */
function namesWords(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

export function explainProblem(problem: CertificateProblem, ctx: ProblemContext): string {
  const leaf = ctx.chain[0];
  const expiredCert = ctx.chain.find((c) => c.problems.includes('expired')) ?? leaf;
  switch (problem) {
    case 'expired':
      return `The certificate ${expiredCert?.subject ?? ''} expired on ${expiredCert?.validTo ?? '?'} (${Math.abs(expiredCert?.daysLeft ?? 0)} days ago).`;
    case 'not-yet-valid':
      return `The certificate is not valid before ${leaf?.validFrom ?? '?'}: the server's clock or the certificate's dates are wrong.`;
    case 'hostname-mismatch':
      return `The certificate does not cover ${ctx.verifyName}; it names ${namesWords(leaf?.subjectAltNames ?? []) || leaf?.subject || 'nothing'}.`;
    case 'self-signed':
      return 'The certificate is self-signed: no certificate authority vouches for it.';
    case 'untrusted-root':
      return `The chain ends at ${ctx.chain[ctx.chain.length - 1]?.issuer ?? 'an issuer'}, which is not a trusted root here.`;
    case 'incomplete-chain':
      return `The server did not send the intermediate certificate that issued ${leaf?.subject ?? 'its certificate'} (issuer: ${leaf?.issuer ?? '?'}); verifiers cannot build a path to a trusted root.`;
    case 'weak-key':
      return `A certificate uses a weak key (${ctx.chain.find((c) => c.problems.includes('weak-key'))?.key.bits ?? '?'} bits; RSA needs at least 2048).`;
    case 'weak-signature':
      return `A certificate is signed with ${ctx.chain.find((c) => c.problems.includes('weak-signature'))?.signatureAlgorithm ?? 'a weak algorithm'}, which verifiers reject (SHA-1/MD5 collisions are practical).`;
    default: {
      const never: never = problem;
      return String(never);
    }
  }
}

/**
 * `serverName`: the name the server gave for itself (EHLO greeting or banner), if any. When the
 * probe checked an IP address, the advice is to check that name: senders verify the MX host
 * name (RFC 7672 §3.2.3, RFC 8461 §4.1), never the address they connected to.
 */
export function fixForProblem(
  problem: CertificateProblem,
  verifyName: string,
  serverName: string | null = null,
): string {
  switch (problem) {
    case 'expired':
      return 'Renew the certificate and reload the mail server (check that automatic renewal also reloads it).';
    case 'not-yet-valid':
      return "Check the server's clock (NTP) and the certificate's notBefore date.";
    case 'hostname-mismatch':
      if (isIpAddress(verifyName))
        return `This run checked the certificate against the address ${verifyName}, which is not what senders do: they check the MX host name. Run again with --verify-name ${serverName ?? 'MX-HOST-NAME'}${serverName ? ' (the name the server gives itself)' : ''}.`;
      return `Issue a certificate whose subjectAltName includes ${verifyName} (the MX host name senders connect to).`;
    case 'self-signed':
      return "Use a certificate from a public CA (e.g. ACME/Let's Encrypt), or publish a DANE TLSA record (RFC 7672) for this one.";
    case 'untrusted-root':
      return 'Use a certificate issued by a publicly trusted CA, or publish DANE TLSA records for it.';
    case 'incomplete-chain':
      return 'Configure the full chain file (leaf followed by intermediates), e.g. Postfix smtpd_tls_chain_files with fullchain.pem.';
    case 'weak-key':
      return 'Reissue the certificate with an RSA key of at least 2048 bits or an ECDSA P-256 key.';
    case 'weak-signature':
      return 'Reissue the certificate; modern CAs sign with SHA-256 or better.';
    default: {
      const never: never = problem;
      return String(never);
    }
  }
}

/** One line explaining each of the report's problems, in its order (the JSON's `explanations`). */
export function certificateExplanations(report: CertificateReport): string[] {
  return report.problems.map((p) =>
    explainProblem(p, { chain: report.chain, verifyName: report.verifyName }),
  );
}
