// `smtpscope DOMAIN` headless: resolve the policy (MX, MTA-STS, DANE, TLS-RPT), probe the MX
// hosts, print the judgement. Loaded only for a domain run (src/cli.ts imports it on demand:
// it brings node:http for MTA-STS and the DNS message codec).
import { trapInterrupts } from './interrupt.js';
import { engineFactory } from '../runner/engine-factory.js';
import { runDomain } from '../runner/domain.js';
import { renderDomainJson } from '../report/domain-json.js';
import { renderDomainPlain } from '../report/domain-plain.js';
import type { DomainSpec } from '../model/domain.js';
import { DOMAIN_EXIT_CODES } from './exit-codes.js';

export async function runDomainHeadless(
  spec: DomainSpec,
  output: 'json' | 'plain',
): Promise<number> {
  const controller = new AbortController();
  const interrupts = trapInterrupts(() => {
    controller.abort();
  });
  const result = await runDomain(spec, { factory: engineFactory, signal: controller.signal });
  interrupts.release();
  process.stdout.write(output === 'json' ? renderDomainJson(result) : renderDomainPlain(result));
  return interrupts.code() ?? DOMAIN_EXIT_CODES[result.judgement.status];
}
