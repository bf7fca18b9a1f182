// The DNS module's public face. Everything that asks DNS goes through createResolver() (or the
// shared systemResolver()), so every lookup is bounded, cancellable and leaves nothing behind.
export { createResolver } from './resolver.js';
export type { ResolverOptions } from './resolver.js';
export { resolveAddresses, systemResolver } from './addresses.js';
export type { AddressFailure, AddressOptions, AddressResult } from './addresses.js';
export { resolveTarget } from './resolve.js';
export type { ResolveDeps, ResolveResult } from './resolve.js';
export { dnssecStatus } from './dnssec.js';
export type { DnssecStatus, DnssecVerdict } from './dnssec.js';
export { loadResolvConf, parseResolvConf, parseResolverSpec } from './config.js';
export type { ResolvConf, ResolverSpec } from './config.js';
export { loadHosts, parseHosts } from './hosts.js';
export type { HostsEntry, HostsTable } from './hosts.js';
export { LIMITS, QUERY_TYPES } from './types.js';
export type {
  DnsRecord,
  DnsServer,
  QueryOptions,
  QueryResult,
  QueryType,
  RecordOf,
  Resolver,
} from './types.js';
export { resolverFor } from './shared.js';
