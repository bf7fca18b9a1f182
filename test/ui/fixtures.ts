// Fakes for the screen tests: a session that tells recorded events, certificates built of facts.
import type { ProbeEvent, ProbeListener, ProbeResult } from '../../src/model/index.js';
import type { CertificateInfo } from '../../src/model/tls.js';
import type { SessionLike } from '../../src/ui/use-session.js';
import { facts, resultOf } from '../support/facts.js';

export const FP = Array.from({ length: 32 }, (_, i) =>
  ((i * 37) % 256).toString(16).toUpperCase().padStart(2, '0'),
).join(':');

export function cert(over: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: 'CN=mx.lab.test',
    issuer: 'O=smtpscope, CN=smtpscope Test Intermediate CA',
    subjectAltNames: ['DNS:mx.lab.test'],
    serial: '01',
    validFrom: '2020-01-01T00:00:00.000Z',
    validTo: '2021-01-01T00:00:00.000Z',
    daysLeft: -2152,
    key: { type: 'rsa', bits: 2048, curve: null },
    signatureAlgorithm: 'ecdsa-with-SHA256',
    fingerprint256: FP,
    selfSigned: false,
    isCA: false,
    pem: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
    problems: ['expired'],
    certSha256: 'aa'.repeat(32),
    certSha512: 'aa'.repeat(64),
    spkiSha256: 'bb'.repeat(32),
    spkiSha512: 'bb'.repeat(64),
    ...over,
  };
}

/** A session that tells `events` and then waits (or finishes, if one of them is `finished`). */
export function fakeSession(events: ProbeEvent[]): SessionLike {
  const listeners = new Set<ProbeListener>();
  let result: ProbeResult | null = null;
  // A session that never finishes waits, as a real one does at a pause, until it is aborted.
  let stop: (r: ProbeResult) => void = () => undefined;
  const stopped = new Promise<ProbeResult>((resolve) => (stop = resolve));
  return {
    id: 'fake',
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    run: async () => {
      for (const e of events) {
        if (e.type === 'finished') result = e.result;
        for (const l of listeners) l(e);
      }
      return result ?? stopped;
    },
    resume: () => undefined,
    setAuto: () => undefined,
    sendRaw: async () => ({ ok: false, error: 'not-connected' }),
    abort: async () => stop(resultOf(facts({ stoppedByUser: true }))),
  };
}
