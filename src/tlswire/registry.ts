// The registry in one import: cipher suites, named groups, signature schemes, versions, extension
// types, content and handshake types, alerts and GREASE. Each table lives in registry/ in a file
// named for what it holds; this only gathers them.
export * from './registry/alerts.js';
export * from './registry/cipher-suites.js';
export * from './registry/content-types.js';
export * from './registry/extension-types.js';
export * from './registry/grease.js';
export * from './registry/groups.js';
export * from './registry/signature-schemes.js';
export * from './registry/versions.js';
export type { SuiteRow } from './registry/cipher-suite-rows-00.js';
