// Which probe status speaks for several (a domain's MX probes, `--ports`): pure, and apart from
// the domain verdict so that the exit-code table (src/cli/exit-codes.ts) can use it without
// loading the policy code at every start.
import type { VerdictStatus } from '../model/verdict.js';

/**
 * Worst last: the order in which a probe's status speaks for a domain (or for `--ports`). A
 * weak negotiation works and verifies, so it ranks just above ok; an interrupted probe last.
 */
const SEVERITY: VerdictStatus[] = [
  'ok',
  'tls-weak',
  'certificate-invalid',
  'tls-not-offered',
  'starttls-rejected',
  'tls-failed',
  'smtp-error',
  'unreachable',
  'incomplete',
];

export function worst(statuses: VerdictStatus[]): VerdictStatus {
  let w: VerdictStatus = 'ok';
  for (const s of statuses) if (SEVERITY.indexOf(s) > SEVERITY.indexOf(w)) w = s;
  return w;
}
