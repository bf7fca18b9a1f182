// The resolver's vocabulary: what can be asked, the records that come back, and every way a
// query can end. String-tagged unions throughout so callers switch exhaustively.

/** The record types the resolver asks for and decodes (RFC 1035 §3.2.2, RFC 3596, RFC 6698). */
export type QueryType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'TLSA' | 'CNAME' | 'PTR' | 'NS' | 'SOA';

export const QUERY_TYPES: readonly QueryType[] = [
  'A',
  'AAAA',
  'MX',
  'TXT',
  'TLSA',
  'CNAME',
  'PTR',
  'NS',
  'SOA',
];

/** One DNS server: an IP literal (never a name: resolving the resolver would be circular). */
export interface DnsServer {
  host: string;
  port: number;
}

interface RecordBase {
  /** Owner name as sent, without the trailing dot. */
  name: string;
  /** Seconds (RFC 2181 §8: 0..2^31-1; larger values are read as 0). */
  ttl: number;
}

export type DnsRecord =
  | (RecordBase & { type: 'A'; address: string })
  | (RecordBase & { type: 'AAAA'; address: string })
  | (RecordBase & {
      type: 'MX';
      preference: number;
      /** '.' for a null MX (RFC 7505): the domain accepts no mail. */
      exchange: string;
    })
  | (RecordBase & {
      type: 'TXT';
      /** The character-strings exactly as received (TXT is hostile data: keep the bytes). */
      strings: Buffer[];
      /** The strings concatenated, as RFC 7208 §3.3 and RFC 8461 §3.1 read a record. */
      raw: Buffer;
      /** `raw` as UTF-8, invalid sequences replaced: for display and simple parsing only. */
      text: string;
    })
  | (RecordBase & {
      type: 'TLSA';
      usage: number;
      selector: number;
      matchingType: number;
      /** Certificate association data, lowercase hex (RFC 6698 §2.1.4). */
      data: string;
    })
  | (RecordBase & { type: 'CNAME'; target: string })
  | (RecordBase & { type: 'PTR'; target: string })
  | (RecordBase & { type: 'NS'; target: string })
  | (RecordBase & {
      type: 'SOA';
      mname: string;
      rname: string;
      serial: number;
      /** The negative-caching TTL bound (RFC 2308 §4). */
      minimum: number;
    });

export type RecordOf<T extends QueryType> = Extract<DnsRecord, { type: T }>;

/**
 * How a query ended. `ad` is the Authenticated Data bit of the reply (RFC 4035 §3.2.3): the
 * resolver we asked says it validated the data. It means something only over a trusted path
 * to that resolver (RFC 6698 §4.1 for DANE), which loopback or a local stub usually is.
 */
export type QueryResult =
  | {
      kind: 'answer';
      rcode: string;
      ad: boolean;
      /** Records of the asked type owned by the end of the CNAME chain. */
      answers: DnsRecord[];
      /** The aliases followed, in order: asking a, with a→b→c, gives ['b', 'c']. */
      cnameChain: string[];
      /** NS and SOA records of the authority section. */
      authority: DnsRecord[];
    }
  | { kind: 'nxdomain'; ad: boolean }
  | { kind: 'nodata'; ad: boolean }
  | { kind: 'servfail' }
  | { kind: 'refused'; rcode: string }
  | { kind: 'error'; rcode: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'malformed'; message: string };

export interface QueryOptions {
  /** EDNS0 DO bit (RFC 3225): ask for DNSSEC records and validation. */
  dnssecOk?: boolean;
  /** CD bit (RFC 4035 §3.2.2): ask the resolver not to validate, e.g. to tell bogus from broken. */
  checkingDisabled?: boolean;
  signal?: AbortSignal;
}

export interface Resolver {
  readonly servers: readonly DnsServer[];
  query(name: string, type: QueryType, options?: QueryOptions): Promise<QueryResult>;
}

/** Bounds on what a reply may make us hold or do (hostile servers are in scope). */
export const LIMITS = {
  /** Largest DNS message accepted over either transport (RFC 1035 §4.2.2: 16-bit length). */
  maxMessageBytes: 65_535,
  /** Records per section beyond which a reply is refused as malformed. */
  maxRecordsPerSection: 256,
  /** CNAME hops followed before giving up (RFC 1034 §3.6.2 discourages chains at all). */
  maxCnameChain: 8,
} as const;
