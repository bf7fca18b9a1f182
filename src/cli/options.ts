// Command-line definition (commander) and its translation into ProbeOptions. Every bad input
// becomes a UsageError: one line, exit code 2, never a stack trace.
import { ipFamily } from '../tls/ip-literal.js';
import { Command, Option } from 'commander';
import { hostname } from 'node:os';
import { validateEhloName } from '../smtp/commands.js';
import { QUIT_AFTER } from '../session/types.js';
import type { ProbeOptions, QuitAfter, TlsMode } from '../session/types.js';
import { TLS_VERSION_FLAGS } from '../tls/versions.js';
import { EXIT_HELP } from './exit-codes.js';
import {
  aLabels,
  parsePort,
  parseTarget,
  parseTimeout,
  readCaFile,
  withoutRootDot,
} from './validate.js';

export class UsageError extends Error {}

export interface CliChoice {
  output: 'json' | 'plain' | 'tui';
  options: ProbeOptions | null;
  auto: boolean;
  color: boolean;
}

interface RawFlags {
  port?: string;
  ipv4?: boolean;
  ipv6?: boolean;
  tls?: TlsMode;
  ehlo?: string;
  sni?: string | boolean;
  verifyName?: string;
  caFile?: string[];
  timeout: string;
  quitAfter?: QuitAfter;
  tlsMin?: string;
  tlsMax?: string;
  json?: boolean;
  plain?: boolean;
  auto?: boolean;
  color: boolean;
}

export function defaultEhloName(): string {
  const name = hostname();
  return name.includes('.') && validateEhloName(name) === null ? name : 'smtpscope.localhost';
}

export function buildProgram(version: string): Command {
  return new Command('smtpscope')
    .description(
      'Step through a real SMTP + STARTTLS session and see exactly what the server does.',
    )
    .argument('[target]', 'host, host:port, [IPv6]:port')
    .option('-p, --port <port>', 'port (default 25; 465 implies --tls implicit)')
    .option('-4, --ipv4', 'connect over IPv4 only')
    .option('-6, --ipv6', 'connect over IPv6 only')
    .addOption(new Option('--tls <mode>', 'TLS mode').choices(['starttls', 'implicit', 'none']))
    .option('--ehlo <name>', "EHLO name (default: this host's FQDN or smtpscope.localhost)")
    .option('--sni <name>', 'SNI to send (default: the target host name; none for an IP)')
    .option('--no-sni', 'send no SNI')
    .option('--verify-name <name>', 'name the certificate must match (default: the target host)')
    .option(
      '--ca-file <file>',
      'extra trusted CA certificates (PEM); repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--timeout <ms>', 'timeout per step in ms', '15000')
    .addOption(
      new Option('--quit-after <step>', 'stop after this step, then QUIT').choices([...QUIT_AFTER]),
    )
    .addOption(
      new Option('--tls-min <version>', 'lowest TLS version to offer').choices(
        Object.keys(TLS_VERSION_FLAGS),
      ),
    )
    .addOption(
      new Option('--tls-max <version>', 'highest TLS version to offer').choices(
        Object.keys(TLS_VERSION_FLAGS),
      ),
    )
    .option('--json', 'print one JSON report (no TUI)')
    .option('--plain', 'print the transcript and a readable summary (no TUI)')
    .option('--auto', 'TUI: run all steps without pausing')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .version(version, '-V, --version')
    .addHelpText(
      'after',
      `\n${EXIT_HELP}\n\nExamples:\n  smtpscope mx.example.org\n  smtpscope mx.example.org --json\n  smtpscope 127.0.0.1:2525 --sni mx.lab.test --verify-name mx.lab.test --ca-file root.pem --plain\n`,
    );
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
  const literal = f.ipv4 || f.ipv6 ? ipFamily(parts.host) : 0;
  if ((f.ipv4 && literal === 6) || (f.ipv6 && literal === 4))
    throw new UsageError(
      `${f.ipv4 ? '-4' : '-6'} asks for IPv${f.ipv4 ? 4 : 6}, but ${parts.host} is an IPv${literal} address`,
    );
  const flagPort = f.port === undefined ? null : need(parsePort(f.port));
  if (flagPort !== null && parts.port !== null && flagPort !== parts.port) {
    throw new UsageError(`the target says port ${parts.port} but -p says ${flagPort}`);
  }
  const port = flagPort ?? parts.port ?? 25;
  const ehloName = f.ehlo ?? defaultEhloName();
  const ehloError = validateEhloName(ehloName);
  if (ehloError) throw new UsageError(`invalid --ehlo: ${ehloError}`);
  const options: ProbeOptions = {
    host: parts.host,
    port,
    tlsMode: f.tls ?? (port === 465 ? 'implicit' : 'starttls'),
    ehloName,
    timeoutMs: need(parseTimeout(f.timeout)),
    caPems: (f.caFile ?? []).map((file) => need(readCaFile(file))),
    guided: output === 'tui' && !f.auto,
  };
  if (f.ipv4) options.family = 4;
  if (f.ipv6) options.family = 6;
  if (f.sni === false) options.sni = null;
  else if (typeof f.sni === 'string') options.sni = withoutRootDot(aLabels(f.sni));
  if (f.verifyName !== undefined) options.verifyName = withoutRootDot(aLabels(f.verifyName));
  if (f.quitAfter) options.quitAfter = f.quitAfter;
  if (f.tlsMin && f.tlsMax && Number(f.tlsMin) > Number(f.tlsMax))
    throw new UsageError(`--tls-min ${f.tlsMin} is above --tls-max ${f.tlsMax}`);
  if (f.tlsMin) options.minTlsVersion = TLS_VERSION_FLAGS[f.tlsMin];
  if (f.tlsMax) options.maxTlsVersion = TLS_VERSION_FLAGS[f.tlsMax];
  return { output, options, auto: Boolean(f.auto), color };
}

export type { RawFlags };
