// Generates the test PKI with the openssl CLI: `openssl ca` signs everything so that validity
// dates can lie in the past or the future (expired / not-yet-valid cases).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl } from './pki.js';
import type { CertCaseName } from './pki.js';

const CA_CONFIG = `[ca]
default_ca = lab
[lab]
database = db/index.txt
new_certs_dir = db/new
serial = db/serial
default_md = sha256
policy = any
unique_subject = no
email_in_dn = no
copy_extensions = none
[any]
commonName = optional
organizationName = optional
`;

const CA_EXT = `basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function leafExt(sans: string[], rsa: boolean): string {
  return `basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature${rsa ? ',keyEncipherment' : ''}
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = ${sans.join(',')}
`;
}

function stamp(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const DAY = 86_400_000;

export function generatePki(dir: string): void {
  mkdirSync(join(dir, 'db', 'new'), { recursive: true });
  writeFileSync(join(dir, 'db', 'index.txt'), '');
  writeFileSync(join(dir, 'db', 'serial'), '1000\n');
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  writeFileSync(join(dir, 'ca.ext'), CA_EXT);
  const run = (args: string[]): void => openssl(args, dir);
  const file = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const ecKey = (name: string): void =>
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name]);
  const rsaKey = (name: string, bits: number): void =>
    run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`, '-out', name]);
  const now = Date.now();
  const valid = { start: stamp(new Date(now - DAY)), end: stamp(new Date(now + 365 * DAY)) };

  const selfSignedCa = (key: string, subj: string, out: string): void => {
    ecKey(key);
    run([
      'req',
      '-x509',
      '-new',
      '-key',
      key,
      '-subj',
      subj,
      '-days',
      '3650',
      '-sha256',
      '-out',
      out,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  };
  selfSignedCa('root.key', '/O=smtpscope/CN=smtpscope Test Root CA', 'root.crt');
  selfSignedCa('other-root.key', '/O=smtpscope/CN=smtpscope Other Root CA', 'other-root.crt');

  interface Sign {
    csr: string;
    out: string;
    issuer: string; // basename: issuer.crt / issuer.key
    ext: string;
    subj?: string;
    md?: string;
    start?: string;
    end?: string;
  }
  const sign = (s: Sign): void => {
    run([
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-notext',
      '-preserveDN',
      '-in',
      s.csr,
      '-out',
      s.out,
      '-cert',
      `${s.issuer}.crt`,
      '-keyfile',
      `${s.issuer}.key`,
      '-extfile',
      s.ext,
      '-md',
      s.md ?? 'sha256',
      '-startdate',
      s.start ?? valid.start,
      '-enddate',
      s.end ?? valid.end,
      ...(s.subj ? ['-subj', s.subj] : []),
    ]);
  };
  const csr = (key: string, subj: string, out: string, extra: string[] = []): void =>
    run(['req', '-new', '-key', key, '-subj', subj, '-out', out, ...extra]);

  ecKey('intermediate.key');
  csr('intermediate.key', '/O=smtpscope/CN=smtpscope Test Intermediate CA', 'intermediate.csr');
  sign({ csr: 'intermediate.csr', out: 'intermediate.crt', issuer: 'root', ext: 'ca.ext' });

  const leaf = (
    name: CertCaseName,
    opts: {
      rsa?: number;
      sans?: string[];
      subj?: string;
      md?: string;
      start?: string;
      end?: string;
      chain?: 'full' | 'leaf';
      issuer?: string;
      csrExtra?: string[];
    } = {},
  ): void => {
    if (opts.rsa) rsaKey(`${name}.key`, opts.rsa);
    else ecKey(`${name}.key`);
    writeFileSync(
      join(dir, `${name}.ext`),
      leafExt(opts.sans ?? ['DNS:mx.lab.test'], Boolean(opts.rsa)),
    );
    csr(`${name}.key`, opts.subj ?? '/CN=mx.lab.test', `${name}.csr`, opts.csrExtra);
    sign({
      csr: `${name}.csr`,
      out: `${name}.crt`,
      issuer: opts.issuer ?? 'intermediate',
      ext: `${name}.ext`,
      ...(opts.md ? { md: opts.md } : {}),
      ...(opts.start ? { start: opts.start } : {}),
      ...(opts.end ? { end: opts.end } : {}),
    });
    const chain =
      opts.chain === 'leaf' ? file(`${name}.crt`) : file(`${name}.crt`) + file('intermediate.crt');
    writeFileSync(join(dir, `${name}.chain.pem`), chain);
  };

  leaf('valid', { rsa: 2048 });
  leaf('expired', { start: '20200101000000Z', end: '20210101000000Z' });
  leaf('notYetValid', { start: '20990101000000Z', end: '20991231000000Z' });
  leaf('wrongHost', { sans: ['DNS:other.example.net'], subj: '/CN=other.example.net' });
  leaf('missingIntermediate', { chain: 'leaf' });
  leaf('rsa1024', { rsa: 1024 });
  leaf('sha1', { md: 'sha1' });
  leaf('ecdsa');
  // Control characters and a bidi override in the subject and a SAN: the analysis must escape them.
  const evil = 'mx\u001b[2J\u001b]0;pwned\u0007\u202eevil';
  leaf('hostile', {
    sans: ['DNS:mx.lab.test', `DNS:${evil}.lab.test`],
    subj: `/CN=${evil}`,
    csrExtra: ['-utf8'],
  });
  // About 100 KB of subjectAltNames.
  const many = Array.from(
    { length: 3000 },
    (_, i) => `DNS:host-${String(i).padStart(5, '0')}.big.lab.test`,
  );
  leaf('bigCert', { sans: ['DNS:mx.lab.test', ...many] });

  // Self-signed leaf: no CA at all.
  ecKey('selfSigned.key');
  run([
    'req',
    '-x509',
    '-new',
    '-key',
    'selfSigned.key',
    '-subj',
    '/CN=mx.lab.test',
    '-days',
    '365',
    '-out',
    'selfSigned.crt',
    '-addext',
    'subjectAltName=DNS:mx.lab.test',
    '-addext',
    'basicConstraints=critical,CA:FALSE',
  ]);
  writeFileSync(join(dir, 'selfSigned.chain.pem'), file('selfSigned.crt'));

  // A chain of 49 intermediates under the root (one key shared, to keep generation fast).
  ecKey('chain.key');
  csr('chain.key', '/CN=chain', 'chain.csr');
  let issuer = 'root';
  const presented: string[] = [];
  for (let i = 1; i <= 49; i++) {
    const name = `chain-${i}`;
    sign({
      csr: 'chain.csr',
      out: `${name}.crt`,
      issuer,
      ext: 'ca.ext',
      subj: `/O=smtpscope/CN=smtpscope Chain CA ${i}`,
    });
    writeFileSync(join(dir, `${name}.key`), file('chain.key'));
    presented.unshift(file(`${name}.crt`));
    issuer = name;
  }
  leaf('longChain', { issuer });
  writeFileSync(join(dir, 'longChain.chain.pem'), file('longChain.crt') + presented.join(''));
}
