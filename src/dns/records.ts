// From dns-packet's decoded records to our typed ones, checking every field: a reply that
// decoded is still hostile data (RFC 1035 §7.3: check what you use).
import { ipFamily } from '../smtp/ip-literal.js';
import type { Answer } from 'dns-packet';
import type { DnsRecord, QueryType } from './types.js';

export type Converted =
  { kind: 'record'; record: DnsRecord } | { kind: 'skip' } | { kind: 'bad'; why: string };

/** RFC 2181 §8: a TTL with the top bit set is to be read as zero. */
function ttlOf(a: { ttl?: number | undefined }): number {
  const ttl = a.ttl ?? 0;
  return Number.isInteger(ttl) && ttl >= 0 && ttl <= 0x7fffffff ? ttl : 0;
}

const isName = (v: unknown): v is string => typeof v === 'string' && v.length <= 1024;
const isUint = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

function nameOf(n: string): string {
  return n === '.' ? n : n.replace(/\.$/, '');
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** One record, or why it cannot be used. Types we do not model (RRSIG, OPT, …) are skipped. */
export function convertRecord(a: Answer): Converted {
  if (!isName(a.name)) return { kind: 'bad', why: 'an owner name is not text' };
  if (a.type !== 'OPT' && a.class !== undefined && a.class !== 'IN') return { kind: 'skip' };
  const base = { name: nameOf(a.name), ttl: ttlOf(a.type === 'OPT' ? {} : a) };
  const bad = (why: string): Converted => ({ kind: 'bad', why: `${a.type} record: ${why}` });
  switch (a.type) {
    case 'A':
    case 'AAAA': {
      const family = a.type === 'A' ? 4 : 6;
      if (typeof a.data !== 'string' || ipFamily(a.data) !== family) return bad('not an address');
      return { kind: 'record', record: { ...base, type: a.type, address: a.data } };
    }
    case 'CNAME':
    case 'PTR':
    case 'NS':
      if (!isName(a.data)) return bad('the target is not a name');
      return { kind: 'record', record: { ...base, type: a.type, target: nameOf(a.data) } };
    case 'MX': {
      const d = a.data;
      if (!isUint(d.preference, 0xffff) || !isName(d.exchange)) return bad('bad fields');
      return {
        kind: 'record',
        record: { ...base, type: 'MX', preference: d.preference, exchange: nameOf(d.exchange) },
      };
    }
    case 'TXT': {
      const list = Array.isArray(a.data) ? a.data : [a.data];
      if (!list.every((s) => Buffer.isBuffer(s))) return bad('strings are not bytes');
      // Copies: slices would keep the whole reply buffer alive for as long as a record lives.
      const strings = list.map((s) => Buffer.from(s as Buffer));
      const raw = Buffer.concat(strings);
      return {
        kind: 'record',
        record: { ...base, type: 'TXT', strings, raw, text: utf8.decode(raw) },
      };
    }
    case 'TLSA': {
      const d = a.data;
      if (![d.usage, d.selector, d.matchingType].every((v) => isUint(v, 255))) {
        return bad('bad fields');
      }
      if (!Buffer.isBuffer(d.certificate)) return bad('no association data');
      return {
        kind: 'record',
        record: {
          ...base,
          type: 'TLSA',
          usage: d.usage,
          selector: d.selector,
          matchingType: d.matchingType,
          data: d.certificate.toString('hex'),
        },
      };
    }
    case 'SOA': {
      const d = a.data;
      if (!isName(d.mname) || !isName(d.rname)) return bad('bad names');
      return {
        kind: 'record',
        record: {
          ...base,
          type: 'SOA',
          mname: nameOf(d.mname),
          rname: nameOf(d.rname),
          serial: isUint(d.serial, 0xffffffff) ? d.serial : 0,
          minimum: isUint(d.minimum, 0xffffffff) ? d.minimum : 0,
        },
      };
    }
    default:
      return { kind: 'skip' };
  }
}

/** Records of the sections we read, bad ones reported once. */
export function convertAll(
  list: readonly Answer[] | undefined,
  keep: (type: QueryType) => boolean,
): { records: DnsRecord[] } | { bad: string } {
  const records: DnsRecord[] = [];
  for (const a of list ?? []) {
    const c = convertRecord(a);
    switch (c.kind) {
      case 'record':
        if (keep(c.record.type)) records.push(c.record);
        break;
      case 'bad':
        return { bad: c.why };
      case 'skip':
        break;
    }
  }
  return { records };
}
