// Exit codes of `--scan` (issue 14), apart from the probe's: a scan has no single verdict, so
// it says whether weaknesses were found and whether everything could be tested.
import type { ScanResult } from '../scan/types.js';

export const EXIT_SCAN = {
  clean: 0,
  unreachable: 3,
  tlsNotOffered: 5,
  weaknesses: 8,
  inconclusive: 9,
} as const;

export function scanExitCode(r: ScanResult): number {
  if (r.fatal)
    return r.fatalCode === 'not-offered' ? EXIT_SCAN.tlsNotOffered : EXIT_SCAN.unreachable;
  if (r.weaknesses.length > 0) return EXIT_SCAN.weaknesses;
  if (r.inconclusive.length > 0) return EXIT_SCAN.inconclusive;
  return EXIT_SCAN.clean;
}

export const SCAN_EXIT_HELP = `With --scan:
  0  nothing weak found, everything tested
  3/5                     cannot scan: unreachable / no STARTTLS (as above)
  8  weaknesses           weak protocols or suites found (listed with reason and fix)
  9  inconclusive         no weakness found, but parts untested (throttled, --budget spent)`;
