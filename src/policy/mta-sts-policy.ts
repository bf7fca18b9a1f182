// The MTA-STS policy file (RFC 8461 §3.2): "key: value" lines, LF or CRLF, keys version
// (STSv1), mode (enforce/testing/none), mx (repeatable), max_age (0..31557600). Errors are
// named by line and key; unknown keys are kept as extensions. Hostile text: decided on what
// was received, escaped for display.
import type { PolicyProblem, StsMode, StsPolicy } from '../model/domain.js';
import type { Escaped } from '../model/text.js';
import { escapeText } from '../smtp/escape.js';

export const MAX_AGE_LIMIT = 31_557_600;
const MAX_LINES = 1000;

export type StsPolicyResult = { policy: StsPolicy | null; problems: PolicyProblem[] };

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// RFC 8461 §3.2 mx pattern: ("*." / "") then a domain of LDH labels.
const MX_PATTERN = /^(\*\.)?(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/;

export function parseStsPolicy(body: string): StsPolicyResult {
  const problems: PolicyProblem[] = [];
  const syntax = (line: number, key: string | null, detail: string): void => {
    problems.push({
      code: 'sts-policy-syntax',
      line,
      key: key === null ? null : escapeText(key),
      detail: escapeText(detail),
    });
  };
  let version: string | null = null;
  let mode: StsMode | null = null;
  let maxAge: number | null = null;
  const mx: string[] = [];
  const extensions: Record<string, Escaped> = {};
  const unknownKeys: Escaped[] = [];
  const lines = body.split('\n').slice(0, MAX_LINES);
  for (const [i, rawLine] of lines.entries()) {
    const n = i + 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') continue; // a final newline, or blank lines between fields
    const colon = line.indexOf(':');
    if (colon <= 0) {
      syntax(n, null, 'not a "key: value" line');
      continue;
    }
    const key = line.slice(0, colon).replace(/[ \t]+$/, '');
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (!KEY.test(key)) {
      syntax(n, key, 'not a valid key');
      continue;
    }
    const once = (seen: unknown): boolean => {
      if (seen !== null) syntax(n, key, `${key} appears more than once`);
      return seen === null;
    };
    switch (key) {
      case 'version':
        if (!once(version)) break;
        if (value !== 'STSv1') syntax(n, key, `version must be STSv1, not "${value}"`);
        version = value;
        break;
      case 'mode':
        if (!once(mode)) break;
        if (value === 'enforce' || value === 'testing' || value === 'none') mode = value;
        else syntax(n, key, `mode must be enforce, testing or none, not "${value}"`);
        break;
      case 'max_age':
        if (!once(maxAge)) break;
        if (!/^\d{1,10}$/.test(value))
          syntax(n, key, `max_age "${value}" is not a number of seconds`);
        else if (Number(value) > MAX_AGE_LIMIT)
          syntax(n, key, `max_age ${value} is above the limit of ${MAX_AGE_LIMIT} (one year)`);
        else maxAge = Number(value);
        break;
      case 'mx':
        if (MX_PATTERN.test(value)) mx.push(value.toLowerCase());
        else syntax(n, key, `"${value}" is not a host name or *.domain pattern`);
        break;
      default:
        unknownKeys.push(escapeText(key));
        extensions[escapeText(key)] = escapeText(value);
    }
  }
  if (lines.length === MAX_LINES) syntax(MAX_LINES, null, `more than ${MAX_LINES} lines`);
  if (unknownKeys.length > 0) problems.push({ code: 'sts-policy-unknown-keys', keys: unknownKeys });
  const missing = (k: string): void => syntax(0, k, `the policy has no ${k} line`);
  if (version === null) missing('version');
  if (mode === null && !problems.some((p) => p.code === 'sts-policy-syntax' && p.key === 'mode'))
    missing('mode');
  if (
    maxAge === null &&
    !problems.some((p) => p.code === 'sts-policy-syntax' && p.key === 'max_age')
  )
    missing('max_age');
  // RFC 8461 §3.2 (and errata 5616): mx may be left out only when mode is none.
  if (mx.length === 0 && mode !== 'none') missing('mx');
  const fatal = problems.some((p) => p.code === 'sts-policy-syntax');
  if (fatal || version === null || mode === null || maxAge === null)
    return { policy: null, problems };
  return { policy: { version, mode, mx, maxAge, extensions }, problems };
}
