// Command-line definition (commander). The flags it parses become a ProbeSpec in src/input/,
// which the TUI's start form shares.
import { Command, Option } from 'commander';
import { QUIT_AFTER } from '../model/probe-spec.js';
import { SASL_MECHANISMS } from '../model/submission.js';
import { TLS_VERSION_FLAGS } from '../tls/versions.js';
import { EXIT_HELP } from './exit-codes.js';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function buildProgram(version: string): Command {
  const program = new Command('smtpscope');
  // --sni and --no-sni set one value and the last would win silently: a contradiction is a
  // usage error. Commander tells each option as it is parsed, in order.
  const sniSeen = { given: false, none: false };
  const sniConflict = (): void => {
    if (sniSeen.given && sniSeen.none) program.error('--sni and --no-sni cannot be used together');
  };
  program.on('option:sni', () => ((sniSeen.given = true), sniConflict()));
  program.on('option:no-sni', () => ((sniSeen.none = true), sniConflict()));
  return program
    .description(
      'Step through a real SMTP + STARTTLS session and see exactly what the server does.',
    )
    .argument(
      '[target]',
      'mail domain (MX lookup), or one host: [host], host:port, an IP address, [IPv6]:port, smtp://host[:port], smtps://host[:port] (implicit TLS, 465)',
    )
    .option('-p, --port <port>', 'port (default 25; 465 implies --tls implicit)')
    .option(
      '--ports <list>',
      'probe the host on each port, e.g. 25,465,587 (465 implicit TLS, others STARTTLS; headless)',
    )
    .option('-4, --ipv4', 'connect over IPv4 only')
    .option('-6, --ipv6', 'connect over IPv6 only')
    .addOption(new Option('--tls <mode>', 'TLS mode').choices(['starttls', 'implicit', 'none']))
    .option('--ehlo <name>', "EHLO name (default: this host's FQDN or smtpscope.localhost)")
    .option('--sni <name>', 'SNI to send (default: the target host name; none for an IP)')
    .option('--no-sni', 'send no SNI')
    .option('--verify-name <name>', 'name the certificate must match (default: the target host)')
    .option('--ca-file <file>', 'extra trusted CA certificates (PEM); repeatable', collect)
    .option(
      '--ca-path <dir>',
      'extra trusted CAs: every *.pem, *.crt and hashed *.0 file in DIR; repeatable',
      collect,
    )
    .option(
      '--ca-only',
      "trust only the --ca-file/--ca-path anchors for the server's chain (no system roots)",
    )
    .option(
      '--save-chain <file>',
      'after the run, write the presented chain to FILE as PEM (leaf first; like -showcerts)',
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
      '--scan',
      'scan what the server accepts: versions, suites, groups, certificates, senders',
    )
    .option('--budget <n>', '--scan: most connections to open (default 400)')
    .option(
      '--concurrency <n>',
      '--scan: connections at once to the address (default 4); --batch: items at once (default 16)',
    )
    .option(
      '--batch <file>',
      "check every domain or target in FILE, one a line ('-' for stdin): NDJSON",
    )
    .option(
      '--per-host-interval <ms>',
      '--batch: wait between connections to one address (default 0)',
    )
    .option('--domain-timeout <ms>', '--batch: wall-clock limit per item (default 60000)')
    .option('--resume <file>', '--batch: skip inputs already in this earlier NDJSON output')
    .option('--shard <k/n>', '--batch: only inputs whose hash mod N is K (0-based)')
    .option('--from <addr>', "envelope sender (default smtpscope@ + the EHLO name; '' for <>)")
    .option(
      '--to <addr>',
      'recipient: run MAIL/RCPT/DATA and send a test message; repeatable',
      collect,
    )
    .option('--header <line>', "'Name: value' header for the test message; repeatable", collect)
    .option('--body <text>', 'body of the generated test message')
    .option('--data <file>', "a whole RFC 5322 message to send ('-' for stdin; at most 10 MiB)")
    .option(
      '--auth-user <user>',
      'AUTH as this user (password: SMTPSCOPE_PASSWORD, --auth-password-file, or a prompt)',
    )
    .option(
      '--auth-password-file <file>',
      'read the AUTH password from the first line of this file',
    )
    .addOption(
      new Option(
        '--auth-mech <mech>',
        'SASL mechanism (default: the strongest both sides offer)',
      ).choices([...SASL_MECHANISMS]),
    )
    .option('--allow-plaintext-auth', 'send AUTH even without TLS (the password crosses in clear)')
    .option('--requiretls', 'add REQUIRETLS to MAIL FROM when offered (RFC 8689)')
    .option('--no-pipelining', 'send MAIL/RCPT/DATA one at a time even when PIPELINING is offered')
    .option('--bdat', 'send the message with BDAT when CHUNKING is offered (RFC 3030)')
    .option('--no-mx', 'probe the name itself, not its MX hosts')
    .option('--mx-first', 'domain: probe only the most preferred MX host')
    .option('--all-addresses', 'domain: probe every address (default: at most 2 per family)')
    .option('--resolver <ip[:port]>', 'DNS server for every lookup (default: /etc/resolv.conf)')
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
      `\n${EXIT_HELP}\n\nExamples:\n  smtpscope example.org --json           (a mail domain: MX, MTA-STS, DANE, TLS-RPT)\n  smtpscope mx.example.org\n  smtpscope mx.example.org --json\n  smtpscope mx.example.org --scan --plain\n  smtpscope --batch domains.txt --resolver 127.0.0.1 > results.ndjson\n  smtpscope summary results.ndjson\n  smtpscope 127.0.0.1:2525 --sni mx.lab.test --verify-name mx.lab.test --ca-file root.pem --plain\n  SMTPSCOPE_PASSWORD=… smtpscope smtp.example.org:587 --auth-user me --to me@example.org\n  smtpscope mx.example.org --to postmaster@example.org --quit-after rcpt\n`,
    );
}
