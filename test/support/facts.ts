// Facts for pure tests of the verdict, the wording and the screens: a run that went well, with
// whatever a test changes on top. No sockets.
import type { ProbeFacts, ProbeFailure, ProbeResult, TlsInfo } from '../../src/model/index.js';
import type { CertificateReport } from '../../src/model/tls.js';
import { escapeText } from '../../src/smtp/escape.js';

export const TLS_UP: TlsInfo = {
  protocol: 'TLSv1.3',
  cipher: { name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384', bits: 256 },
  keyExchange: 'X25519 (253 bits)',
  keyExchangeGroup: { type: 'ECDH', group: 'X25519', bits: 253 },
  ocspStapled: false,
  sessionReused: false,
  alpn: null,
  handshakeMs: 3,
  sni: 'mx.lab.test',
};

export const GOOD_CERT: CertificateReport = {
  chain: [],
  trusted: true,
  hostnameMatch: true,
  verifyName: 'mx.lab.test',
  problems: [],
  anchor: { subject: 'CN=smtpscope Test Root CA', fingerprint256: 'AA:BB' },
};

export function facts(over: Partial<ProbeFacts> = {}): ProbeFacts {
  return {
    tlsMode: 'starttls',
    address: '127.0.0.1',
    banner: { code: 220, text: 'mx.lab.test ESMTP' },
    heloFallback: false,
    ehloBefore: {
      greeting: 'mx.lab.test',
      extensions: { STARTTLS: [] },
      rawExtensions: { STARTTLS: [] },
    },
    ehloAfter: { greeting: 'mx.lab.test', extensions: {}, rawExtensions: {} },
    ehloDiff: null,
    starttls: { offered: true, reply: { code: 220, enhanced: null, text: escapeText('Ready') } },
    tls: TLS_UP,
    certificate: GOOD_CERT,
    failure: null,
    findings: [],
    stoppedByUser: false,
    stoppedBefore: null,
    stoppedBy: null,
    asMx: false,
    quitAfter: null,
    versionLimit: null,
    ...over,
  };
}

/** A run that stopped at `failure`, before TLS unless it says otherwise. */
export function failed(
  failure: Partial<ProbeFailure> & Pick<ProbeFailure, 'stage' | 'kind'>,
  over: Partial<ProbeFacts> = {},
): ProbeFacts {
  const afterTls = failure.afterTls ?? false;
  return facts({
    ...(afterTls ? {} : { tls: null, certificate: null }),
    failure: { afterTls, ...failure },
    ...over,
  });
}

export function resultOf(f: ProbeFacts): ProbeResult {
  return {
    probeId: 'test',
    target: { host: 'mx.lab.test', port: 25, address: '127.0.0.1', tlsMode: f.tlsMode },
    startedAt: new Date(0).toISOString(),
    finishedAt: new Date(0).toISOString(),
    ms: 0,
    steps: [],
    transcript: [],
    facts: f,
  };
}
