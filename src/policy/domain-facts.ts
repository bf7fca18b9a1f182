// The facts a domain run gathered before any probe: the MX list with each host's addresses
// and TLSA records, the MTA-STS record and policy, the TLS-RPT record (src/runner/domain-lookup.ts
// gathers them; src/policy/domain-verdict.ts judges them with the probes).
import type { StsFetchResult } from '../fetch/mta-sts.js';
import type { DnssecState, PolicyProblem } from '../model/domain.js';
import type { TlsaLookup } from './dane.js';
import type { MxList } from './mx.js';
import type { StsPolicyResult } from './mta-sts-policy.js';
import type { StsTxtResult } from './mta-sts-txt.js';
import type { TlsRptResult } from './tls-rpt.js';

export interface MxHostFacts {
  preference: number;
  host: string;
  addresses: { address: string; family: 4 | 6 }[];
  /** How many addresses DNS gave (before the per-family cap). */
  addressCount: number;
  addressState: DnssecState;
  /** Why there is no address, when there is none. */
  addressError: string | null;
  /** The names the address lookup went through (a CNAME chain), last = where the data was. */
  cnameChain: string[];
  tlsa: TlsaLookup | null;
}

export interface PolicyFacts {
  domain: string;
  mxKind: MxList['kind'] | 'failed';
  /** For `failed`: a permanent failure (NXDOMAIN, no address at all) rather than a temporary one. */
  mxPermanent: boolean;
  mxState: DnssecState | null;
  mx: MxHostFacts[];
  mxProblems: PolicyProblem[];
  sts: {
    txt: StsTxtResult;
    fetch: StsFetchResult | null;
    parsed: StsPolicyResult | null;
    problems: PolicyProblem[];
  };
  tlsRpt: TlsRptResult;
}
