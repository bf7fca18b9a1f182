// Command-line definition (commander). The flags it parses become a ProbeSpec in src/input/,
// which the TUI's start form shares.
import { Command, Option } from 'commander';
import { QUIT_AFTER } from '../model/probe-spec.js';
import { TLS_VERSION_FLAGS } from '../tls/versions.js';
import { EXIT_HELP } from './exit-codes.js';

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
    .option(
      '--keylog <file>',
      "append this session's TLS secrets to FILE (SSLKEYLOGFILE format, for Wireshark; mode 0600)",
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
