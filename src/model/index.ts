// The model: pure types and the few constant lists they are built from. Imports nothing from
// any other layer; every layer may import it.
export * from './events.js';
export * from './facts.js';
export * from './failure.js';
export * from './findings.js';
export * from './probe-spec.js';
export * from './stages.js';
export * from './submission.js';
export * from './text.js';
export * from './tls.js';
export * from './verdict.js';
export * from './domain.js';
