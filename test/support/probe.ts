// Run the engine against a loopback test server with the options tests usually want.
import { ProbeSession } from '../../src/session/engine.js';
import type { ProbeOptions, SessionEvent, SessionResult } from '../../src/session/types.js';
import { getTestPki } from './pki.js';

export function labOptions(port: number, extra: Partial<ProbeOptions> = {}): ProbeOptions {
  return {
    host: '127.0.0.1',
    port,
    tlsMode: 'starttls',
    ehloName: 'client.lab.test',
    sni: 'mx.lab.test',
    verifyName: 'mx.lab.test',
    caPems: [getTestPki().rootPem],
    timeoutMs: 5000,
    ...extra,
  };
}

export async function probe(
  port: number,
  extra: Partial<ProbeOptions> = {},
): Promise<{ result: SessionResult; events: SessionEvent[] }> {
  const session = new ProbeSession(labOptions(port, extra));
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  const result = await session.run();
  return { result, events };
}
