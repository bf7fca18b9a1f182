// `smtpscope HOST` headless (--json / --plain): one probe through the Runner, its report on
// stdout, the verdict's exit code. Loaded on demand by src/cli.ts: --version, --help and usage
// errors never initialise the engine, the X-ray or the reports.
import { trapInterrupts } from './interrupt.js';
import { Runner } from '../runner/runner.js';
import { engineFactory } from '../runner/engine-factory.js';
import { renderJson } from '../report/json.js';
import { renderPlain } from '../report/plain.js';
import { escapeText } from '../smtp/escape.js';
import { submissionOutcome } from '../policy/submission.js';
import { EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import { chainPem } from '../report/chain-pem.js';
import { writeSaveChain } from '../input/save-chain.js';

export async function runHeadless(
  options: ProbeSpec,
  output: 'json' | 'plain',
  saveChain?: string,
): Promise<number> {
  const runner = new Runner({ factory: engineFactory });
  const { done } = runner.add({ ...options, guided: false });
  // Ctrl-C / SIGTERM stop the session; the report of what was seen is still printed, and the
  // exit code is the shell's 128 + signal number, so a script can tell an interruption apart.
  const interrupts = trapInterrupts(() => {
    void runner.abort();
  });
  const result = await done;
  interrupts.release();
  process.stdout.write(output === 'json' ? renderJson(result) : renderPlain(result));
  if (saveChain !== undefined) {
    // After the report: a failed write is one line on stderr and a usage exit, like a bad path.
    const chain = result.facts.certificate?.chain ?? [];
    if (chain.length === 0)
      process.stderr.write(
        `smtpscope: --save-chain ${escapeText(saveChain)}: the server presented no certificate; nothing written\n`,
      );
    else {
      const error = writeSaveChain(saveChain, chainPem(chain));
      if (error) {
        process.stderr.write(`smtpscope: ${error}\n`);
        return interrupts.code() ?? EXIT_USAGE;
      }
    }
  }
  return interrupts.code() ?? exitCodeFor(result.verdict.status, submissionOutcome(result.facts));
}
