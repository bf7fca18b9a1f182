// The command: parse arguments, then run headless (--json/--plain, or stdout not a TTY) or
// load the Ink TUI lazily, so reports and --version never pay for React. Started by
// src/launch.ts, which hands in the loader of the TUI bundle.
import { CommanderError } from 'commander';
import { Runner } from './runner/runner.js';
import { engineFactory } from './runner/engine-factory.js';
import { renderJson } from './report/json.js';
import { renderPlain } from './report/plain.js';
import { escapeText } from './smtp/escape.js';
import { EXIT_CODES, EXIT_USAGE } from './cli/exit-codes.js';
import { buildProgram } from './cli/options.js';
import { UsageError, toChoice } from './input/choice.js';
import type { CliChoice, RawFlags } from './input/choice.js';
import type { ProbeSpec } from './model/probe-spec.js';
import type { TuiLaunch } from './ui/run.js';
import { keylogWarning } from './wording/handshake.js';

/** Loads the TUI bundle (an ES module: Ink needs top-level await), only when a TUI runs. */
export type LoadTui = () => Promise<{ runTui(launch: TuiLaunch): Promise<number> }>;

declare const SMTPSCOPE_VERSION: string | undefined;
const VERSION = typeof SMTPSCOPE_VERSION === 'string' ? SMTPSCOPE_VERSION : '0.0.0-dev';

/**
 * A usage error is one line, as the README promises (a script can take stderr's first line as
 * the whole story). Commander puts its "(Did you mean …?)" hint on a line of its own: joined.
 */
export function usageLine(message: string): string {
  return `smtpscope: ${escapeText(message.trim().replace(/\s*\n\s*/g, ' '))} (try --help)`;
}

function fail(message: string): never {
  process.stderr.write(`${usageLine(message)}\n`);
  process.exit(EXIT_USAGE);
}

let probed = false;

async function runHeadless(options: ProbeSpec, output: 'json' | 'plain'): Promise<number> {
  probed = true;
  const runner = new Runner({ factory: engineFactory });
  const { done } = runner.add({ ...options, guided: false });
  // Ctrl-C / SIGTERM stop the session; the report of what was seen is still printed, and the
  // exit code is the shell's 128 + signal number, so a script can tell an interruption apart.
  let interrupted: number | null = null;
  const handlers = (
    [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const
  ).map(([signal, code]) => {
    const onSignal = (): void => {
      interrupted = code;
      void runner.abort();
    };
    process.once(signal, onSignal);
    return [signal, onSignal] as const;
  });
  const result = await done;
  for (const [signal, onSignal] of handlers) process.off(signal, onSignal);
  process.stdout.write(output === 'json' ? renderJson(result) : renderPlain(result));
  return interrupted ?? EXIT_CODES[result.verdict.status];
}

async function runInteractive(choice: CliChoice, loadTui: LoadTui): Promise<number> {
  // Ink reads CI / CONTINUOUS_INTEGRATION once, when it is imported (is-in-ci), and then draws
  // only the last frame at exit. We get here only with stdin and stdout on a terminal, so a
  // person is watching: an inherited CI variable (a CI job driving tmux, a shell profile) must
  // not blank the screen for the whole session.
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION'])
    if (key in process.env) process.env[key] = 'false';
  // The bundle defines NODE_ENV=production (scripts/build.mjs): React's production build.
  const { runTui } = await loadTui();
  // One engine at run time: the TUI bundle is handed this bundle's factory, not its own copy.
  return runTui({
    options: choice.options,
    auto: choice.auto,
    color: choice.color,
    factory: engineFactory,
  });
}

export async function main(argv: string[], loadTui: LoadTui): Promise<number> {
  const program = buildProgram(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  let choice: CliChoice;
  try {
    program.parse(argv);
    choice = toChoice(
      program.args[0],
      program.opts<RawFlags>(),
      Boolean(process.stdout.isTTY && process.stdin.isTTY),
      process.env,
    );
    if (program.args.length > 1)
      throw new UsageError(`one target only (got ${program.args.length})`);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      fail(err.message.replace(/^error: /, ''));
    }
    if (err instanceof UsageError) fail(err.message);
    throw err;
  }
  const keylog = program.opts<RawFlags>().keylog;
  if (keylog !== undefined && choice.options) process.stderr.write(`${keylogWarning(keylog)}\n`);
  if (choice.output === 'tui') return runInteractive(choice, loadTui);
  if (!choice.options) fail('a target is required');
  return runHeadless(choice.options, choice.output);
}

/**
 * Runs the command with process-wide handling; resolves once the exit code is set, telling
 * whether a headless probe ran (the launcher keeps the code cache of the fullest run).
 */
export async function runCli(argv: string[], loadTui: LoadTui): Promise<{ probed: boolean }> {
  // A reader that went away (`smtpscope --help | head`, `… --json | true`) is not worth a stack
  // trace: stop quietly with the code we would have had.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      process.exit(err.code === 'EPIPE' ? Number(process.exitCode) || 0 : 70);
    });
  }
  try {
    // No exit backstop: every socket, timer and DNS query of ours ends with its step (the
    // probe's AbortSignal reaches the resolver), so the process ends when the work does.
    process.exitCode = await main(argv, loadTui);
  } catch (err: unknown) {
    // Last resort: one line, never a stack trace (set SMTPSCOPE_DEBUG=1 to see it).
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`smtpscope: internal error: ${escapeText(message)}\n`);
    if (process.env.SMTPSCOPE_DEBUG) process.stderr.write(`${String((err as Error)?.stack)}\n`);
    process.exitCode = 70;
  }
  return { probed };
}
