// A mail domain given to the TUI: what its policy lookup found, as the pick screen shows it
// (components/PolicyPick.tsx). Made by the CLI (src/cli/tui-policy.ts), escaped there: the
// TUI only draws it.
import type { Escaped } from '../../model/text.js';

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

export interface TuiPolicy {
  domain: Escaped;
  /** "MX records", "no MX: the domain itself (implicit MX)", "null MX", "lookup failed". */
  kind: 'mx' | 'implicit' | 'null-mx' | 'failed';
  mx: PolicyMx[];
  /** One line each: MTA-STS, TLS-RPT, then every problem the lookup found. */
  lines: Escaped[];
}
