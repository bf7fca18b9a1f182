// A mail domain given to the TUI: what its policy lookup found, as the pick screen shows it
// (components/PolicyPick.tsx). Made by the CLI (src/cli/tui-policy.ts), escaped there: the
// TUI only draws it.
import type { Escaped } from '../../model/text.js';
import type { JudgedProbe } from '../../model/events.js';

export interface PolicyMx {
  preference: number;
  /** The MX name as DNS gave it (what the session connects to and verifies). */
  name: string;
  /** The same, escaped for the screen. */
  host: Escaped;
  /** The addresses a domain run would probe (at most two per family). */
  addresses: string[];
  /** "DNSSEC-signed TLSA: 1 record" and the like; null when nothing to say. */
  note: Escaped | null;
}

/** The domain's judgement with the one MX probe the session ran (made by the CLI). */
export interface DomainView {
  /** The domain's status code (DomainStatus) with this MX. */
  status: string;
  /** What `--json` of the domain would exit with, had it probed only this MX. */
  exitCode: number;
  /** Its words: the verdict, the fix and each sender's outcome, one line each. */
  lines: Escaped[];
  /** The same in two lines (the verdict; every sender's outcome in one), for a narrow screen. */
  brief: Escaped[];
}

export interface TuiPolicy {
  domain: Escaped;
  /** "MX records", "no MX: the domain itself (implicit MX)", "null MX", "lookup failed". */
  kind: 'mx' | 'implicit' | 'null-mx' | 'failed';
  mx: PolicyMx[];
  /** One line each: MTA-STS, TLS-RPT, then every problem the lookup found. */
  lines: Escaped[];
  /** The domain judged with the session's MX probe (MTA-STS, DANE and every kind of sender). */
  judge?: (probe: JudgedProbe) => DomainView;
}
