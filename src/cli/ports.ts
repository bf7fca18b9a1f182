// `--ports`: one host, several ports, one headless run. The Runner runs the probes (one
// connection at a time per host:port, so the ports of one host may run side by side).
import { trapInterrupts } from './interrupt.js';
import { Runner } from '../runner/runner.js';
import { engineFactory } from '../runner/engine-factory.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import { submissionOutcome } from '../policy/submission.js';
import { renderPortsJson, renderPortsPlain } from '../report/ports.js';
import { portsExitCode } from './exit-codes.js';

export async function runPortsHeadless(
  specs: readonly ProbeSpec[],
  output: 'json' | 'plain',
): Promise<number> {
  const runner = new Runner({ factory: engineFactory });
  const pending = specs.map((spec) => runner.add({ ...spec, guided: false }).done);
  // As a single run: Ctrl-C / SIGTERM stop every probe, what was seen is printed, 128 + signal.
  const interrupts = trapInterrupts(() => {
    void runner.abort();
  });
  const results = await Promise.all(pending);
  interrupts.release();
  const host = specs[0]?.host ?? '';
  process.stdout.write(
    output === 'json' ? renderPortsJson(host, results) : renderPortsPlain(results),
  );
  return (
    interrupts.code() ??
    portsExitCode(
      results.map((r) => ({ verdict: r.verdict.status, submission: submissionOutcome(r.facts) })),
    )
  );
}
