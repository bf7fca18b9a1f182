// A domain lab on loopback: one DNS server holding many test domains, SMTP servers on 127.0.0.2
// and up (one port, since MX records carry none), an HTTPS server for MTA-STS policies.
import { X509Certificate, createHash } from 'node:crypto';
import { startDnsServer } from '../support/dns-server.js';
import type { NameFlags, TestDnsServer, ZoneRecord } from '../support/dns-server.js';
import { issueLeaf } from '../support/domain-pki.js';
import { startHttpsServer } from '../support/https-server.js';
import type { PolicyReply, TestHttpsServer } from '../support/https-server.js';
import { getTestPki } from '../support/pki.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { engineFactory } from '../../src/runner/engine-factory.js';
import { runDomain } from '../../src/runner/domain.js';
import type { DomainResult } from '../../src/runner/domain.js';
import { toDomainJson } from '../../src/report/domain-json.js';
import type { DomainJsonReport } from '../../src/report/domain-json.js';
import type { DomainSpec } from '../../src/model/domain.js';

export const spkiSha256 = (pem: string): string =>
  createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

export interface Lab {
  dns: TestDnsServer;
  https: TestHttpsServer;
  smtp: TestServer[];
  port: number;
  leafPem: string;
  close(): Promise<void>;
}

export interface LabZone {
  records: ZoneRecord[];
  names: Record<string, NameFlags>;
  policies: Record<string, PolicyReply>;
}

/** Addresses of the lab's SMTP servers: full chain, leaf only, no TLS. */
export const FULL = '127.0.0.2';
export const LEAF_ONLY = '127.0.0.5';
export const NO_TLS = '127.0.0.4';

export async function startLab(
  zone: (leafPem: string, port: number) => LabZone,
  stsHosts: string[],
): Promise<Lab> {
  const pki = getTestPki();
  const leaf = issueLeaf(pki, ['*.lab.test']);
  const first = await startTestServer({
    host: FULL,
    tls: { key: leaf.keyPem, cert: leaf.chainPem },
  });
  const port = first.port;
  const z = zone(leaf.certPem, port);
  const smtp = [
    first,
    await startTestServer({
      host: LEAF_ONLY,
      port,
      tls: { key: leaf.keyPem, cert: leaf.leafOnlyPem },
    }),
    await startTestServer({ host: NO_TLS, port }),
  ];
  const stsLeaf = issueLeaf(pki, stsHosts);
  const https = await startHttpsServer({
    key: stsLeaf.keyPem,
    cert: stsLeaf.chainPem,
    replies: z.policies,
  });
  const dns = await startDnsServer({ records: z.records, names: z.names });
  return {
    dns,
    https,
    smtp,
    port,
    leafPem: leaf.certPem,
    close: async () => {
      await Promise.all([dns.close(), https.close(), ...smtp.map((s) => s.close())]);
    },
  };
}

export function labSpec(lab: Lab, domain: string, extra: Partial<DomainSpec> = {}): DomainSpec {
  return {
    domain,
    mxFirst: false,
    allAddresses: false,
    ...extra,
    probe: {
      ...extra.probe,
      port: lab.port,
      tlsMode: 'starttls',
      ehloName: 'client.lab.test',
      caPems: extra.probe?.caPems ?? [getTestPki().rootPem],
      timeoutMs: extra.probe?.timeoutMs ?? 3000,
      resolver: [lab.dns.address],
    },
  };
}

export async function runLab(
  lab: Lab,
  domain: string,
  extra: Partial<DomainSpec> = {},
): Promise<{ result: DomainResult; json: DomainJsonReport }> {
  const result = await runDomain(labSpec(lab, domain, extra), {
    factory: engineFactory,
    env: { SMTPSCOPE_TEST_MTA_STS_ADDR: lab.https.addr },
    random: () => 0,
  });
  return { result, json: toDomainJson(result) };
}
