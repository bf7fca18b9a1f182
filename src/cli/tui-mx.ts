// A mail domain given to the TUI: its most preferred MX host is the one to step through.
// Loaded on demand (src/cli.ts), so a host run does not load the MX lookup.
import { preferredMx } from '../runner/domain-lookup.js';
import { resolverFor } from '../dns/shared.js';
import { systemResolver } from '../dns/addresses.js';
import type { ProbeSpec } from '../model/probe-spec.js';

export function tuiMx(domain: string, options: ProbeSpec): ReturnType<typeof preferredMx> {
  const resolver = options.resolver ? resolverFor(options.resolver) : systemResolver();
  return preferredMx(domain, resolver, AbortSignal.timeout(options.timeoutMs));
}
