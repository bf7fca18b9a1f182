// One batch line, checked as a single CLI run of that input would be: the same flags, the same
// parsing (toChoice), so a bare name is a domain run and host:port, [host] or an IP is a host
// run. Work shared across lines (CA files read once, the resolver, probe results) comes in deps.
import { withDeadline } from '../dns/abort.js';
import type { Resolver } from '../dns/types.js';
import { UsageError, toChoice } from '../input/choice.js';
import type { RawFlags } from '../input/choice.js';
import type { DomainSpec } from '../model/domain.js';
import type { JudgedProbe } from '../model/events.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import { runDomain } from './domain.js';
import type { DomainResult } from './domain.js';
import { Runner } from './runner.js';
import type { ProbeFactory } from './runner.js';

export type BatchJob =
  | { kind: 'domain'; spec: DomainSpec }
  | { kind: 'host'; spec: ProbeSpec }
  | { kind: 'error'; error: string };

export type BatchOutcome =
  | { kind: 'domain'; result: DomainResult; timedOut: boolean }
  | { kind: 'host'; result: JudgedProbe; timedOut: boolean }
  | { kind: 'error'; error: string };

export interface JobContext {
  /** The command's flags, with what is read once (CA files) already in `shared`. */
  flags: RawFlags;
  env: NodeJS.ProcessEnv;
  shared: Pick<ProbeSpec, 'caPems'>;
}

export function jobOf(input: string, c: JobContext): BatchJob {
  try {
    const choice = toChoice(input, c.flags, false, c.env);
    const options = choice.options;
    if (!options) return { kind: 'error', error: 'no target' };
    if (choice.domain)
      return {
        kind: 'domain',
        spec: { ...choice.domain, probe: { ...choice.domain.probe, ...c.shared } },
      };
    return { kind: 'host', spec: { ...options, ...c.shared, guided: false } };
  } catch (err) {
    if (err instanceof UsageError) return { kind: 'error', error: err.message };
    throw err;
  }
}

export interface RunDeps {
  factory: ProbeFactory;
  resolver: Resolver;
  env: NodeJS.ProcessEnv;
  domainTimeoutMs: number;
}

export async function runJob(
  job: BatchJob,
  deps: RunDeps,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  if (job.kind === 'error') return job;
  const deadline = withDeadline(deps.domainTimeoutMs, signal);
  try {
    if (job.kind === 'domain') {
      const result = await runDomain(job.spec, {
        factory: deps.factory,
        resolver: deps.resolver,
        signal: deadline.signal,
        env: deps.env,
        stopCause: () => (deadline.expired() ? 'deadline' : 'user'),
      });
      return { kind: 'domain', result, timedOut: deadline.expired() };
    }
    const runner = new Runner({ factory: deps.factory });
    const { done } = runner.add(job.spec);
    const stop = (): void => void runner.abort(deadline.expired() ? 'deadline' : 'user');
    deadline.signal.addEventListener('abort', stop, { once: true });
    const result = await done;
    deadline.signal.removeEventListener('abort', stop);
    return { kind: 'host', result, timedOut: deadline.expired() };
  } finally {
    deadline.dispose();
  }
}
