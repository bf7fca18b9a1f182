// /etc/hosts (hosts(5)), read by us because getaddrinfo is no longer asked: the C library's
// "files" source comes before DNS on practically every system (nsswitch.conf "hosts: files dns").
import { readFileSync } from 'node:fs';
import { ipFamily } from '../smtp/ip-literal.js';

export interface HostsEntry {
  address: string;
  family: 4 | 6;
}

/** name (lowercase, no trailing dot) → addresses in file order. */
export type HostsTable = ReadonlyMap<string, readonly HostsEntry[]>;

const MAX_HOSTS_BYTES = 1024 * 1024;
const MAX_ENTRIES_PER_NAME = 32;

export function normalizeName(name: string): string {
  // RFC 4343: names compare case-insensitively; a trailing dot only says "fully qualified".
  return name.toLowerCase().replace(/\.$/, '');
}

export function parseHosts(text: string): HostsTable {
  const table = new Map<string, HostsEntry[]>();
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*$/, '').trim().split(/\s+/);
    const address = words[0];
    if (address === undefined || words.length < 2) continue;
    // A zone index (fe80::1%eth0) is legal in hosts(5) files; we check the address part.
    const family = ipFamily(address.replace(/%.*$/, ''));
    if (family === 0) continue;
    for (const raw of words.slice(1)) {
      const name = normalizeName(raw);
      if (name === '') continue;
      const list = table.get(name) ?? [];
      if (list.length >= MAX_ENTRIES_PER_NAME) continue;
      if (!list.some((e) => e.address === address))
        list.push({ address, family: family === 6 ? 6 : 4 });
      table.set(name, list);
    }
  }
  return table;
}

/** The file as a table; a missing or unreadable file is an empty table, as for the C library. */
export function loadHosts(path = '/etc/hosts'): HostsTable {
  try {
    return parseHosts(readFileSync(path, 'latin1').slice(0, MAX_HOSTS_BYTES));
  } catch {
    return new Map();
  }
}

/** RFC 6761 §6.3: "localhost" and names under it are loopback and never sent to DNS. */
export function isLocalhostName(name: string): boolean {
  const n = normalizeName(name);
  return n === 'localhost' || n.endsWith('.localhost');
}

/** RFC 1035 §2.3.4: labels of 63 octets at most, names of 255 octets on the wire (253 as text). */
export function checkName(name: string): string | undefined {
  const n = normalizeName(name);
  if (n === '') return undefined; // the root
  if (Buffer.byteLength(n) > 253) return 'the name is longer than 253 characters';
  for (const label of n.split('.')) {
    if (label === '') return 'the name has an empty label';
    if (Buffer.byteLength(label) > 63) return 'a label is longer than 63 characters';
  }
  return undefined;
}
