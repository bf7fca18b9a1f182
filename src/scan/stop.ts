// What an unanswered probe means for the part of the scan it was testing: budget spent,
// throttled, or an error; an answer (a ServerHello or a refusal) is no stop.
import type { PoolOutcome } from './pool.js';
import type { Inconclusive } from './types.js';

export function stopOf(what: string, o: PoolOutcome): Inconclusive | null {
  switch (o.kind) {
    case 'budget':
      return { what, why: 'budget', detail: 'connection budget spent (--budget)' };
    case 'throttled':
      return { what, why: 'throttled', detail: `${o.why}: ${o.detail}` };
    case 'error':
      return { what, why: 'error', detail: o.detail, ...(o.code ? { code: o.code } : {}) };
    case 'hello':
    case 'refused':
      return null;
  }
}
