// One NDJSON line of `--batch`: `input` (the line as given, trimmed), `line` (its number in the
// input), `ms` (wall time of this item), then the report a single `--json` run of that input
// prints (a domain report, or a host report), or `kind: "error"` with `error` for a line that
// is not a valid input. `timedOut: true` when --domain-timeout cut the item short (the report
// then says what was seen). One JSON object per line, no newline inside.
import type { BatchOutcome } from '../runner/batch-item.js';
import { toDomainJson } from './domain-json.js';
import { SCHEMA_VERSION, toJsonReport } from './json.js';

export interface BatchLineHead {
  input: string;
  line: number;
  ms: number;
  timedOut?: true;
}

export function batchLine(head: BatchLineHead, outcome: BatchOutcome): string {
  const base = { input: head.input, line: head.line, ms: head.ms };
  switch (outcome.kind) {
    case 'error':
      return `${JSON.stringify({ ...base, schemaVersion: SCHEMA_VERSION, kind: 'error', error: outcome.error })}\n`;
    case 'domain':
      return `${JSON.stringify({ ...base, ...(outcome.timedOut ? { timedOut: true } : {}), ...toDomainJson(outcome.result) })}\n`;
    case 'host':
      return `${JSON.stringify({ ...base, ...(outcome.timedOut ? { timedOut: true } : {}), ...toJsonReport(outcome.result) })}\n`;
  }
}
