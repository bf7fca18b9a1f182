// A probe's input as people give it (command-line flags or the TUI's start form, as the same
// strings) turned into a ProbeSpec, with every bad input a UsageError: one line, exit code 2,
// never a stack trace. Shared by the CLI and the start form, so neither carries the other's
// dependencies (commander stays out of the TUI).
import { ipFamily } from '../smtp/ip-literal.js';
import { hostname } from 'node:os';
import type { ProbeSpec, QuitAfter, TlsMode } from '../model/probe-spec.js';
import { validateEhloName } from '../smtp/commands.js';
import { TLS_VERSION_FLAGS } from '../tls/versions.js';
import { parseResolverSpec } from '../dns/config.js';
import { isLocalhostName } from '../dns/hosts.js';
import type { DomainSpec } from '../model/domain.js';
import type { TargetParts } from './validate.js';
import { openKeylogFile } from './keylog-file.js';
import {
  aLabels,
  parsePort,
  parseTarget,
  parseTimeout,
  readCaFile,
  withoutRootDot,
} from './validate.js';
import { toSubmission } from './submission.js';
import { readCaPath } from './ca-path.js';
import { checkSaveChainPath } from './save-chain.js';
import { parsePorts } from './ports.js';
import type { SubmissionFlags } from './submission.js';

export class UsageError extends Error {}

export interface CliChoice {
  output: 'json' | 'plain' | 'tui';
  options: ProbeSpec | null;
  /** A mail domain to run (a bare name, headless, without --no-mx): see domainChoice. */
  domain?: DomainSpec;
  /** The TUI was given a mail domain: probe its most preferred MX host (src/cli.ts). */
  tuiMxOf?: string;
  auto: boolean;
  color: boolean;
  /** --auth-user without a password in the environment or a file: ask for it (no echo). */
  needsPassword?: boolean;
  /** `--ports`: one probe per port of the same host (headless), each its own TLS mode. */
  ports?: ProbeSpec[];
  /** `--save-chain FILE`: write the presented chain as PEM there after the run. */
  saveChain?: string;
}

export interface RawFlags extends SubmissionFlags {
  port?: string;
  ipv4?: boolean;
  ipv6?: boolean;
  tls?: TlsMode;
  ehlo?: string;
  sni?: string | boolean;
  verifyName?: string;
  caFile?: string[];
  caPath?: string[];
  caOnly?: boolean;
  saveChain?: string;
  ports?: string;
  timeout: string;
  quitAfter?: QuitAfter;
  tlsMin?: string;
  tlsMax?: string;
  keylog?: string;
  json?: boolean;
  plain?: boolean;
  auto?: boolean;
  color: boolean;
  resolver?: string;
  mx?: boolean;
  mxFirst?: boolean;
  allAddresses?: boolean;
}

export function defaultEhloName(): string {
  const name = hostname();
  return name.includes('.') && validateEhloName(name) === null ? name : 'smtpscope.localhost';
}

function need<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

export function toChoice(
  target: string | undefined,
  f: RawFlags,
  isTty: boolean,
  env: NodeJS.ProcessEnv,
): CliChoice {
  if (f.json && f.plain) throw new UsageError('--json and --plain cannot be used together');
  if (f.ipv4 && f.ipv6) throw new UsageError('-4 and -6 cannot be used together');
  const output = f.json ? 'json' : f.plain ? 'plain' : isTty ? 'tui' : 'plain';
  const color = f.color && env.NO_COLOR === undefined;
  if (target === undefined) {
    if (output !== 'tui')
      throw new UsageError('a target is required (e.g. smtpscope mx.example.org --json)');
    return { output, options: null, auto: Boolean(f.auto), color };
  }
  const parts = need(parseTarget(target));
  // An empty value would silently mean the default (or, for --sni, a ClientHello without one):
  // almost always a shell variable that was not set.
  for (const [flag, value] of [
    ['--ehlo', f.ehlo],
    ['--sni', f.sni],
    ['--verify-name', f.verifyName],
  ] as const)
    if (typeof value === 'string' && value.trim() === '')
      throw new UsageError(
        `${flag} is empty${flag === '--sni' ? ' (use --no-sni to send none)' : ''}`,
      );
  const schemeMode: TlsMode | undefined =
    parts.scheme === 'smtps' ? 'implicit' : parts.scheme === 'smtp' ? 'starttls' : undefined;
  if (parts.scheme && f.tls !== undefined) {
    const fits = parts.scheme === 'smtps' ? f.tls === 'implicit' : f.tls !== 'implicit';
    if (!fits)
      throw new UsageError(
        `--tls ${f.tls} contradicts the target's ${parts.scheme}:// (${parts.scheme === 'smtps' ? 'implicit TLS' : 'plain SMTP, then STARTTLS'})`,
      );
  }
  const literal = f.ipv4 || f.ipv6 ? ipFamily(parts.host) : 0;
  if ((f.ipv4 && literal === 6) || (f.ipv6 && literal === 4))
    throw new UsageError(
      `${f.ipv4 ? '-4' : '-6'} asks for IPv${f.ipv4 ? 4 : 6}, but ${parts.host} is an IPv${literal} address`,
    );
  const flagPort = f.port === undefined ? null : need(parsePort(f.port));
  if (flagPort !== null && parts.port !== null && flagPort !== parts.port) {
    throw new UsageError(`the target says port ${parts.port} but -p says ${flagPort}`);
  }
  const port = flagPort ?? parts.port ?? (parts.scheme === 'smtps' ? 465 : 25);
  const ehloName = f.ehlo ?? defaultEhloName();
  const ehloError = validateEhloName(ehloName);
  if (ehloError) throw new UsageError(`invalid --ehlo: ${ehloError}`);
  const options: ProbeSpec = {
    host: parts.host,
    port,
    tlsMode: f.tls ?? schemeMode ?? (port === 465 ? 'implicit' : 'starttls'),
    ehloName,
    timeoutMs: need(parseTimeout(f.timeout)),
    caPems: [
      ...(f.caFile ?? []).map((file) => need(readCaFile(file))),
      ...(f.caPath ?? []).flatMap((dir) => need(readCaPath(dir))),
    ],
    guided: output === 'tui' && !f.auto,
  };
  if (f.caOnly) {
    if (!f.caFile?.length && !f.caPath?.length)
      throw new UsageError('--ca-only needs the anchors to trust: --ca-file or --ca-path');
    options.caOnly = true;
  }
  if (f.ipv4) options.family = 4;
  if (f.ipv6) options.family = 6;
  if (f.sni === false) options.sni = null;
  else if (typeof f.sni === 'string') options.sni = withoutRootDot(aLabels(f.sni));
  if (f.verifyName !== undefined) options.verifyName = withoutRootDot(aLabels(f.verifyName));
  const ports =
    f.ports === undefined ? undefined : portsChoice(parts, f, flagPort, need(parsePorts(f.ports)));
  const modeOf = (p: number): TlsMode =>
    f.tls ?? schemeMode ?? (p === 465 ? 'implicit' : 'starttls');
  if (f.quitAfter) {
    // A stage the mode does not have cannot be stopped after: say so rather than ignore it.
    const missing: Partial<Record<TlsMode, readonly QuitAfter[]>> = {
      implicit: ['starttls'],
      none: ['starttls', 'tls', 'ehlo-tls'],
    };
    for (const mode of ports ? ports.map(modeOf) : [options.tlsMode])
      if (missing[mode]?.includes(f.quitAfter))
        throw new UsageError(
          `--quit-after ${f.quitAfter} has no step to stop after with --tls ${mode}`,
        );
    options.quitAfter = f.quitAfter;
  }
  const sub = toSubmission(f, env, ehloName);
  if (!sub.ok) throw new UsageError(sub.error);
  if (sub.spec) options.submission = sub.spec;
  const q = f.quitAfter;
  if (q === 'auth' && !sub.spec?.auth) throw new UsageError('--quit-after auth needs --auth-user');
  if ((q === 'mail' || q === 'rcpt' || q === 'data') && !sub.spec?.to.length)
    throw new UsageError(`--quit-after ${q} needs --to`);
  if (q === 'data' && sub.spec?.bdat)
    throw new UsageError('--quit-after data has no DATA step with --bdat');
  if (sub.spec?.data && f.data === '-' && output === 'tui')
    throw new UsageError(
      '--data - reads the message from standard input: use it with --plain or --json',
    );
  if (f.tlsMin && f.tlsMax && Number(f.tlsMin) > Number(f.tlsMax))
    throw new UsageError(`--tls-min ${f.tlsMin} is above --tls-max ${f.tlsMax}`);
  if (f.tlsMin) options.minTlsVersion = TLS_VERSION_FLAGS[f.tlsMin];
  if (f.tlsMax) options.maxTlsVersion = TLS_VERSION_FLAGS[f.tlsMax];
  if (f.keylog !== undefined) {
    if (options.tlsMode === 'none') throw new UsageError('--keylog needs TLS (not --tls none)');
    const file = openKeylogFile(f.keylog);
    if (!file.ok) throw new UsageError(file.error);
    options.keylog = file.write;
  }
  if (f.resolver !== undefined) {
    const r = parseResolverSpec(f.resolver);
    if (!r.ok) throw new UsageError(r.message);
    options.resolver = [r.server];
  }
  if (f.saveChain !== undefined) {
    const why = checkSaveChainPath(f.saveChain);
    if (why) throw new UsageError(why);
    if (output === 'tui')
      throw new UsageError(
        '--save-chain is for --json/--plain runs (in the TUI, P saves the whole chain)',
      );
    if (ports) throw new UsageError("--save-chain saves one server's chain: not with --ports");
  }
  if (ports && output === 'tui')
    throw new UsageError('--ports runs headless only for now: add --json or --plain');
  const domain = domainChoice(parts, f, options, output);
  if (domain && f.saveChain !== undefined)
    throw new UsageError(
      "--save-chain saves one server's chain; a domain has many (use [host] or --no-mx)",
    );
  // The TUI probes one host: for a bare name it is the most preferred MX (when there is one),
  // unless --sni or --verify-name already name the host meant.
  const tuiMxOf =
    output === 'tui' &&
    domainTarget(parts, f) &&
    (f.sni === undefined || f.sni === true) &&
    f.verifyName === undefined
      ? parts.host
      : undefined;
  return {
    output,
    options,
    auto: Boolean(f.auto),
    color,
    ...(sub.needsPassword ? { needsPassword: true } : {}),
    ...(domain ? { domain } : {}),
    ...(tuiMxOf ? { tuiMxOf } : {}),
    ...(ports ? { ports: ports.map((p) => ({ ...options, port: p, tlsMode: modeOf(p) })) } : {}),
    ...(f.saveChain !== undefined ? { saveChain: f.saveChain } : {}),
  };
}

/** `--ports`: one host, so no port in the target, no -p, and not a mail domain. */
function portsChoice(
  parts: TargetParts,
  f: RawFlags,
  flagPort: number | null,
  ports: number[],
): number[] {
  if (parts.port !== null)
    throw new UsageError(
      `--ports and a target with a port (${parts.port}) cannot be used together`,
    );
  if (flagPort !== null) throw new UsageError('--ports and -p cannot be used together');
  if (domainTarget(parts, f))
    throw new UsageError(
      `--ports probes one host, and ${parts.host} is a mail domain here (use [${parts.host}] or --no-mx)`,
    );
  return ports;
}

/** A bare name without a port, not a localhost name, without --no-mx: a mail domain. */
function domainTarget(parts: TargetParts, f: RawFlags): boolean {
  return (
    parts.port === null &&
    parts.bracketed !== true &&
    parts.scheme === undefined &&
    ipFamily(parts.host) === 0 &&
    !isLocalhostName(parts.host) &&
    f.mx !== false
  );
}

/**
 * Postfix semantics (issue 12): a bare name without a port is a mail domain (MX lookup); a
 * `[host]`, an IP literal, `host:port`, a localhost name or --no-mx is that host itself. The
 * TUI keeps probing one host.
 */
function domainChoice(
  parts: TargetParts,
  f: RawFlags,
  options: ProbeSpec,
  output: CliChoice['output'],
): DomainSpec | undefined {
  const isDomain = domainTarget(parts, f) && output !== 'tui';
  if (!isDomain) {
    if (f.mxFirst || f.allAddresses)
      throw new UsageError(
        `${f.mxFirst ? '--mx-first' : '--all-addresses'} applies to a mail domain, not to one host`,
      );
    return undefined;
  }
  for (const [flag, given] of [
    ['--sni', f.sni !== undefined && f.sni !== true],
    ['--verify-name', f.verifyName !== undefined],
  ] as const)
    if (given)
      throw new UsageError(
        `${flag} applies to one host; a domain's MX hosts are named by the MX records (use [host] or --no-mx)`,
      );
  const { host, ...probe } = options;
  delete probe.sni;
  delete probe.verifyName;
  return {
    domain: host,
    probe,
    mxFirst: Boolean(f.mxFirst),
    allAddresses: Boolean(f.allAddresses),
  };
}
