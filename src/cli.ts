// The command: parse arguments, then run headless (--json/--plain, or stdout not a TTY) or
// load the Ink TUI lazily, so reports and --version never pay for React. Started by
// src/launch.ts, which hands in the loader of the TUI bundle.
import { CommanderError } from 'commander';
import { TOOL } from './report/tool.js';
import { escapeText } from './smtp/escape.js';
import { EXIT_CODES, EXIT_USAGE } from './cli/exit-codes.js';
import { buildProgram } from './cli/options.js';
import { scanLimits, type ScanFlags } from './cli/scan-flags.js';
import { SCAN_DEFAULTS, scanSpecFor } from './scan/spec.js';
import { batchOnly, batchSetup, type BatchFlags, type BatchSetup } from './cli/batch-setup.js';
import { UsageError, toChoice } from './input/choice.js';
import type { CliChoice, RawFlags } from './input/choice.js';
import type { TuiLaunch } from './ui/run.js';
import type { TuiPolicy } from './ui/state/policy.js';

/** Loads the TUI bundle (an ES module: Ink needs top-level await), only when a TUI runs. */
export type LoadTui = () => Promise<{ runTui(launch: TuiLaunch): Promise<number> }>;

const VERSION = TOOL.version;

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

async function runInteractive(choice: CliChoice, loadTui: LoadTui): Promise<number> {
  // Ink reads CI / CONTINUOUS_INTEGRATION once, when it is imported (is-in-ci), and then draws
  // only the last frame at exit. We get here only with stdin and stdout on a terminal, so a
  // person is watching: an inherited CI variable (a CI job driving tmux, a shell profile) must
  // not blank the screen for the whole session.
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION'])
    if (key in process.env) process.env[key] = 'false';
  const options = choice.options;
  // A mail domain: its policy first (MX list, MTA-STS, TLSA, TLS-RPT), where the user picks
  // the MX address to step through; a domain with no MX host of its own is probed by name.
  let policy: TuiPolicy | undefined;
  if (options && choice.tuiMxOf) {
    const { tuiPolicy } = await import('./cli/tui-policy.js');
    const p = await tuiPolicy(choice.tuiMxOf, options);
    if (p.kind === 'null-mx') {
      process.stdout.write(
        `${escapeText(choice.tuiMxOf)} publishes a null MX (RFC 7505): it accepts no mail, so there is no server to test.\n`,
      );
      return 0;
    }
    if (p.mx.some((m) => m.addresses.length > 0)) policy = p;
  }
  // The bundle defines NODE_ENV=production (scripts/build.mjs): React's production build.
  // One engine at run time: the TUI bundle is handed this bundle's factory, not its own copy
  // (evaluated while Node reads the TUI bundle).
  const [{ runTui }, { engineFactory }] = await Promise.all([
    loadTui(),
    import('./runner/engine-factory.js'),
  ]);
  return runTui({
    options,
    auto: choice.auto,
    color: choice.color,
    factory: engineFactory,
    // Key x: this bundle's scan too, loaded when first used, with --scan's default limits.
    scan: {
      budget: SCAN_DEFAULTS.budget,
      run: async (o, address, onProgress, signal) => {
        const { runScan } = await import('./scan/scan.js');
        return runScan(scanSpecFor(o, address, SCAN_DEFAULTS, { signal, onProgress }));
      },
    },
    // The TUI exits with the code --json would give for its last attempt.
    exitCodes: EXIT_CODES,
    ...(policy ? { policy } : {}),
  });
}

export async function main(argv: string[], loadTui: LoadTui): Promise<number> {
  const program = buildProgram(VERSION)
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined });
  let choice: CliChoice;
  let scan: { budget: number; concurrency: number } | null = null;
  let batch: BatchSetup | null = null;
  try {
    // `smtpscope summary FILE`: only as the first argument (README: a host named summary).
    if (argv[2] === 'summary')
      return await (await import('./cli/summary.js')).runSummaryCli(argv.slice(3));
    program.parse(argv);
    const all = program.opts<RawFlags & BatchFlags & ScanFlags>();
    if (all.batch !== undefined) batch = batchSetup(all, program.args, process.env);
    else batchOnly(all);
    if (batch) return await (await import('./cli/batch.js')).runBatchCli(batch);
    choice = toChoice(
      program.args[0],
      program.opts<RawFlags>(),
      Boolean(process.stdout.isTTY && process.stdin.isTTY),
      process.env,
    );
    if (program.args.length > 1)
      throw new UsageError(`one target only (got ${program.args.length})`);
    const scanFlags = program.opts<ScanFlags>();
    const limits = scanLimits(scanFlags);
    if (scanFlags.scan) scan = limits;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      fail(err.message.replace(/^error: /, ''));
    }
    if (err instanceof UsageError) fail(err.message);
    throw err;
  }
  const auth = choice.options?.submission?.auth;
  if (choice.needsPassword && auth) {
    // Asked before the TUI takes the terminal; never echoed, never a flag value.
    const { promptPassword } = await import('./cli/password-prompt.js');
    const password = await promptPassword(`Password for ${escapeText(auth.user)}: `);
    if (password === null || password === '')
      fail(
        '--auth-user needs a password: set SMTPSCOPE_PASSWORD, use --auth-password-file, or type it at the prompt (on a terminal)',
      );
    auth.password = password;
  }
  if (scan) {
    if (!choice.options) fail('a target is required');
    if (choice.ports) fail('--scan and --ports cannot be used together');
    if (choice.saveChain !== undefined) fail('--scan and --save-chain cannot be used together');
    // --scan prints its tables even on a terminal (the TUI scans with key x, after a session).
    const output = choice.output === 'json' ? 'json' : 'plain';
    try {
      const { runScanCli } = await import('./cli/scan.js');
      return await runScanCli(choice.options, scan, output);
    } catch (err) {
      if (err instanceof UsageError) fail(err.message);
      throw err;
    }
  }
  const keylog = program.opts<RawFlags>().keylog;
  if (keylog !== undefined && choice.options)
    process.stderr.write(`${(await import('./wording/handshake.js')).keylogWarning(keylog)}\n`);
  if (choice.output === 'tui') return runInteractive(choice, loadTui);
  if (!choice.options) fail('a target is required');
  if (choice.domain) {
    probed = true;
    const { runDomainHeadless } = await import('./cli/domain.js');
    return runDomainHeadless(choice.domain, choice.output);
  }
  if (choice.ports) {
    probed = true;
    const { runPortsHeadless } = await import('./cli/ports.js');
    return runPortsHeadless(choice.ports, choice.output);
  }
  probed = true;
  const { runHeadless } = await import('./cli/host.js');
  return runHeadless(choice.options, choice.output, choice.saveChain);
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
