// Run the engine against a loopback test server with the options tests usually want. The result
// is the report view (the JSON contract's shape, words included), since that is what users get.
import { Probe } from '../../src/probe/engine.js';
import type { JudgedProbe, ProbeEvent, ProbeOptions } from '../../src/model/index.js';
import { judge } from '../../src/policy/verdict.js';
import { toJsonReport } from '../../src/report/json.js';
import type { JsonReport } from '../../src/report/json.js';
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
): Promise<{ result: JsonReport; judged: JudgedProbe; events: ProbeEvent[] }> {
  const session = new Probe(labOptions(port, extra));
  const events: ProbeEvent[] = [];
  session.on((e) => events.push(e));
  const judged = judge(await session.run());
  return { result: toJsonReport(judged), judged, events };
}

/** A finished probe's report view (for tests that drive the engine themselves). */
export function reportOf(result: Awaited<ReturnType<Probe['run']>>): JsonReport {
  return toJsonReport(judge(result));
}
