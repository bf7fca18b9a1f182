// A private Postfix instance on a loopback port, for interop tests: its own config, queue and
// data directories, no systemd, no syslog (maillog_file), started with `postfix -c DIR start`.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertCaseName, TestPki } from './pki.js';

export interface PostfixOptions {
  /** null: no TLS at all, so no STARTTLS is advertised. */
  certCase?: CertCaseName | null;
  tlsMinVersion?: 'TLSv1.2' | 'TLSv1.3';
  /**
   * Run inside this network namespace (`ip netns exec`), listening on `address` there: the
   * bench's packet-level delay path (bench/netpath.ts). Default: the host's 127.0.0.1.
   */
  netns?: { name: string; address: string };
  /** main.cf lines written last, so they override the ones above (e.g. cipher lists). */
  extraConfig?: string[];
  /**
   * A submission listener: Cyrus SASL AUTH of SASL_MECHANISMS (sasldb; needs sasl2-bin and
   * libsasl2-modules, see postfixSaslAvailable) only after STARTTLS, relaying only for logged-in
   * users, and every accepted message discarded (no delivery, so no DNS and nothing leaves
   * loopback).
   */
  sasl?: { users: Record<string, string> };
  /** Key and chain files instead of a certificate case (domain tests issue their own). */
  chainFiles?: { keyFile: string; chainFile: string };
  /** Listen address (default 127.0.0.1) and port (default: a free one): MX hosts share a port. */
  address?: string;
  port?: number;
}

export interface PostfixInstance {
  host: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

const POSTFIX = '/usr/sbin/postfix';

export function postfixAvailable(): { ok: true } | { ok: false; reason: string } {
  if (!existsSync(POSTFIX))
    return { ok: false, reason: 'Postfix is not installed (.ci/run installs it with apt-get)' };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: 'a private Postfix instance needs root' };
  return { ok: true };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export const SASLPASSWD2 = '/usr/sbin/saslpasswd2';

/** Where libsasl2 loads its plugins from (Debian: the multiarch directory). */
function saslPluginDirs(): string[] {
  const multiarch = existsSync('/usr/lib')
    ? readdirSync('/usr/lib').map((d) => join('/usr/lib', d, 'sasl2'))
    : [];
  return [...multiarch, '/usr/lib/sasl2', '/usr/lib64/sasl2'].filter((d) => existsSync(d));
}

/** The plugins the submission listener needs, with the Debian package that ships each. */
const SASL_PLUGINS: [file: string, pkg: string][] = [
  ['libsasldb.so', 'libsasl2-modules-db'],
  ['libplain.so', 'libsasl2-modules'],
  ['liblogin.so', 'libsasl2-modules'],
  ['libcrammd5.so', 'libsasl2-modules'],
  ['libscram.so', 'libsasl2-modules'],
];

/** What `startPostfix(pki, { sasl })` needs beyond Postfix itself. */
export function postfixSaslAvailable(): { ok: true } | { ok: false; reason: string } {
  const pf = postfixAvailable();
  if (!pf.ok) return pf;
  if (!existsSync(SASLPASSWD2))
    return { ok: false, reason: 'saslpasswd2 is missing (apt-get install sasl2-bin)' };
  const dirs = saslPluginDirs();
  const missing = SASL_PLUGINS.filter(([f]) => !dirs.some((d) => existsSync(join(d, f))));
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map(([, p]) => p))].join(' ');
    return {
      ok: false,
      reason: `Cyrus SASL plugins ${missing.map(([f]) => f).join(', ')} are missing (apt-get install ${pkgs})`,
    };
  }
  return { ok: true };
}

const REALM = 'mx.lab.test';

function saslCf(dir: string, o: PostfixOptions): string[] {
  if (!o.sasl) return [];
  return [
    'smtpd_sasl_auth_enable = yes',
    'smtpd_sasl_type = cyrus',
    // libsasl2 reads <smtpd_sasl_path>.conf, so smtpd.conf.
    'smtpd_sasl_path = smtpd',
    // Upstream Postfix hands this to libsasl2; Debian's ignores it ("SASL configuration goes in
    // /etc/postfix/sasl", README.Debian) and looks in $config_directory/sasl, then /usr/lib/sasl.
    // Both name the same directory here.
    `cyrus_sasl_config_path = ${saslDir(dir)}`,
    `smtpd_sasl_local_domain = ${REALM}`,
    'smtpd_sasl_security_options = noanonymous',
    'smtpd_tls_auth_only = yes',
    'default_transport = discard',
    'relay_transport = discard',
    'smtp_dns_support_level = disabled',
  ];
}

/**
 * Where smtpd.conf and the sasldb go: `$config_directory/sasl`, the one place Debian's smtpd
 * (3.7) asks libsasl2 to look (strace: it opens DIR/etc/sasl/smtpd.conf, then
 * /usr/lib/sasl/smtpd.conf; neither cyrus_sasl_config_path nor SASL_CONF_PATH is consulted, and
 * without a config libsasl2 offers every installed mechanism against /etc/sasldb2).
 */
const saslDir = (dir: string): string => join(dir, 'etc', 'sasl');

export const SASL_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256'];

function setUpSasl(dir: string, o: PostfixOptions): void {
  if (!o.sasl) return;
  mkdirSync(saslDir(dir));
  const db = join(saslDir(dir), 'sasldb2');
  writeFileSync(
    join(saslDir(dir), 'smtpd.conf'),
    `pwcheck_method: auxprop\nauxprop_plugin: sasldb\nsasldb_path: ${db}\nmech_list: ${SASL_MECHANISMS.join(' ')}\n`,
  );
  for (const [user, password] of Object.entries(o.sasl.users))
    // -p: the password from stdin, never an argument (it would show in the process list).
    execFileSync(SASLPASSWD2, ['-p', '-c', '-f', db, '-u', REALM, user], { input: password });
  execFileSync('chown', ['postfix', db]);
}

function mainCf(dir: string, pki: TestPki, o: PostfixOptions): string {
  const address = o.netns?.address ?? o.address ?? '127.0.0.1';
  const files = o.chainFiles ?? (o.certCase ? pki.cases[o.certCase] : null);
  const tls = files
    ? [
        'smtpd_tls_security_level = may',
        `smtpd_tls_chain_files = ${files.keyFile}, ${files.chainFile}`,
        `smtpd_tls_protocols = >=${o.tlsMinVersion ?? 'TLSv1.2'}`,
        'smtpd_tls_loglevel = 1',
        // Weak test certificates (RSA-1024, SHA-1) must still load.
        'tls_high_cipherlist = DEFAULT:@SECLEVEL=0',
        'smtpd_tls_ciphers = high',
      ]
    : ['smtpd_tls_security_level = none'];
  return [
    'compatibility_level = 3.6',
    'myhostname = mx.lab.test',
    'mydomain = lab.test',
    'mydestination =',
    // Postfix accepts only addresses configured on an interface here, and 127.0.0.2 is not
    // (lo has 127.0.0.1/8); master.cf binds the listener to the address itself.
    `inet_interfaces = ${o.netns ? address : '127.0.0.1'}`,
    'inet_protocols = ipv4',
    `mynetworks = 127.0.0.0/8${o.netns ? `, ${address}/30` : ''}`,
    // In a namespace there is no resolver to ask about the client's address.
    ...(o.netns ? ['smtpd_peername_lookup = no'] : []),
    `queue_directory = ${dir}/queue`,
    `data_directory = ${dir}/data`,
    `maillog_file = ${dir}/maillog`,
    `maillog_file_prefixes = ${dir}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'alias_maps =',
    'alias_database =',
    'local_recipient_maps =',
    'smtpd_banner = $myhostname ESMTP Postfix',
    o.sasl
      ? 'smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination'
      : 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination',
    ...tls,
    ...(o.extraConfig ?? []),
    ...saslCf(dir, o),
    '',
  ].join('\n');
}

function masterCf(port: number, address = '127.0.0.1'): string {
  // Only what an inbound SMTP test needs; no chroot, so paths in main.cf work as written.
  const services = [
    `${address}:${port} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'local unix - n n - - local',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  return `${services.join('\n')}\n`;
}

function waitForBanner(port: number, deadline: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = (delay: number): void => {
      if (Date.now() > deadline) return reject(new Error(`Postfix did not greet on port ${port}`));
      const s = connect({ host, port });
      s.once('data', (d: Buffer) => {
        s.end('QUIT\r\n');
        if (d.toString('latin1').startsWith('220')) resolve();
        else reject(new Error(`unexpected greeting ${d.toString('latin1').slice(0, 80)}`));
      });
      s.once('error', () => {
        s.destroy();
        setTimeout(() => attempt(Math.min(delay * 2, 200)), delay);
      });
    };
    attempt(10);
  });
}

/** The greeting from inside a namespace: a Node child there connects (bounded by `deadline`). */
async function waitForBannerIn(netns: string, address: string, port: number, deadline: number) {
  const script = `const s=require('net').connect(${port},'${address}');s.once('data',d=>{process.stdout.write(d.toString('latin1').slice(0,3));s.end('QUIT\\r\\n')});s.once('error',()=>process.exit(1));`;
  for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    try {
      const out = execFileSync('ip', ['netns', 'exec', netns, process.execPath, '-e', script], {
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      if (out === '220') return;
      throw new Error(`unexpected greeting ${out}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('unexpected')) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  throw new Error(`Postfix did not greet on ${address}:${port} in ${netns}`);
}

const pf = (dir: string, cmd: string, netns?: string): void => {
  const argv = [POSTFIX, '-c', join(dir, 'etc'), cmd];
  try {
    if (netns)
      execFileSync('ip', ['netns', 'exec', netns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    else execFileSync(POSTFIX, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    // postfix reports to its log, not stderr, when there is no terminal: quote the log.
    const log = existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : '';
    throw new Error(`postfix ${cmd} failed: ${log.split('\n').slice(-5).join(' | ')}`);
  }
};

export async function startPostfix(pki: TestPki, o: PostfixOptions = {}): Promise<PostfixInstance> {
  const dir = mkdtempSync(join(tmpdir(), 'smtpscope-postfix-'));
  chmodSync(dir, 0o755); // the postfix user must reach data/ below it
  for (const sub of ['etc', 'queue', 'data']) mkdirSync(join(dir, sub), { recursive: true });
  execFileSync('chown', ['postfix', join(dir, 'data')]);
  const port = o.port ?? (await freePort());
  writeFileSync(join(dir, 'etc', 'main.cf'), mainCf(dir, pki, { certCase: 'valid', ...o }));
  writeFileSync(join(dir, 'etc', 'master.cf'), masterCf(port, o.netns?.address ?? o.address));
  setUpSasl(dir, o);
  try {
    pf(dir, 'start', o.netns?.name);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true }); // a start that failed leaves nothing behind
    throw err;
  }
  const instance: PostfixInstance = {
    host: o.netns?.address ?? '127.0.0.1',
    port,
    dir,
    stop: async () => {
      const pidFile = join(dir, 'queue', 'pid', 'master.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
      try {
        pf(dir, 'stop', o.netns?.name);
      } catch {
        // Already stopped: nothing to do.
      }
      for (let i = 0; i < 200 && pid > 0 && alive(pid); i++)
        await new Promise((r) => setTimeout(r, 50));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    if (o.netns) await waitForBannerIn(o.netns.name, o.netns.address, port, Date.now() + 15_000);
    else await waitForBanner(port, Date.now() + 15_000, o.address);
  } catch (err) {
    await instance.stop();
    throw err;
  }
  return instance;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
