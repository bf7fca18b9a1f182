// Whether the resolver vouches for a name's data, as DANE (RFC 7672 §2.2) needs to know before
// trusting TLSA records. The resolver does the validation; we read its verdict from the AD bit
// (RFC 4035 §3.2.3) and, on SERVFAIL, ask again with CD (RFC 4035 §3.2.2) to tell data that
// failed validation (bogus) from a resolver or zone that is simply broken.
import type { QueryOptions, QueryResult, QueryType, Resolver } from './types.js';

export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'failed';

export interface DnssecVerdict {
  status: DnssecStatus;
  /** The DO query's result (for `bogus`, the CD query's, so the unvalidated data is at hand). */
  result: QueryResult;
}

function hasData(r: QueryResult): boolean {
  return r.kind === 'answer' || r.kind === 'nodata' || r.kind === 'nxdomain';
}

export async function dnssecStatus(
  name: string,
  type: QueryType,
  resolver: Resolver,
  options: Pick<QueryOptions, 'signal'> = {},
): Promise<DnssecVerdict> {
  // DO (RFC 3225): a validating resolver sets AD only for a requester that says it understands.
  const first = await resolver.query(name, type, { dnssecOk: true, signal: options.signal });
  switch (first.kind) {
    case 'answer':
    case 'nodata':
    case 'nxdomain':
      return { status: first.ad ? 'secure' : 'insecure', result: first };
    case 'servfail': {
      const unchecked = await resolver.query(name, type, {
        dnssecOk: true,
        checkingDisabled: true,
        signal: options.signal,
      });
      return hasData(unchecked)
        ? { status: 'bogus', result: unchecked }
        : { status: 'failed', result: first };
    }
    case 'refused':
    case 'error':
    case 'timeout':
    case 'aborted':
    case 'malformed':
      return { status: 'failed', result: first };
  }
}
