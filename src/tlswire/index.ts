// Public API of the sans-IO TLS wire codec: record layer, handshake reassembly, message parsers,
// the ClientHello builder and the registry. Everything is plain data in, plain data out; the only
// node:crypto use is key-material.ts (key shares and randomness for the builder).
export * from './alert.js';
export * from './change-cipher-spec.js';
export * from './client-hello.js';
export * from './client-hello-builder.js';
export type { Result, WireError, WireErrorKind } from './errors.js';
export * from './extension-forms.js';
export { parseExtension, readExtensions } from './extensions.js';
export * from './handshake.js';
export * from './handshake-reassembler.js';
export { makeKeyShare, mlKemEncapsulationKey } from './key-material.js';
export * from './record-parser.js';
export * from './registry.js';
export * from './server-hello.js';
export * from './tls12-messages.js';
export * from './tls13-messages.js';
