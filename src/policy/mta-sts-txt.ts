// The `_mta-sts.DOMAIN` TXT record (RFC 8461 §3.1): records not beginning "v=STSv1" are
// discarded; exactly one must remain, with an `id` of 1–32 letters and digits. Anything else
// means no MTA-STS policy is available. The record is hostile text: decided on its bytes,
// escaped only for display.
import type { PolicyProblem } from '../model/domain.js';
import type { Escaped } from '../model/text.js';
import { escapeText } from '../smtp/escape.js';

export interface StsTxt {
  id: string;
  /** Every field in order, the version and id included (values escaped). */
  fields: { key: Escaped; value: Escaped }[];
  /** Field names besides v and id (RFC 8461 §3.1 sts-extension), kept. */
  unknown: Escaped[];
  raw: Escaped;
}

export type StsTxtResult = {
  record: StsTxt | null;
  problems: PolicyProblem[];
  /** Records that began v=STSv1. */ count: number;
};

const EXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// %x21-3A / %x3C / %x3E-7E: printable ASCII without ";" and "=".
const EXT_VALUE = /^[\x21-\x3a\x3c\x3e-\x7e]+$/;
const ID = /^[A-Za-z0-9]{1,32}$/;

/** `texts`: each TXT record's character-strings joined (RFC 8461 §3.1), as latin1. */
export function parseStsTxt(texts: readonly string[]): StsTxtResult {
  // RFC 8461 §3.1: "v=STSv1" must be first; anything else is another use of the name.
  const candidates = texts.filter((t) => /^v=STSv1(;|$|[ \t])/.test(t));
  if (candidates.length === 0) return { record: null, problems: [], count: 0 };
  if (candidates.length > 1)
    return {
      record: null,
      problems: [{ code: 'sts-txt-several', count: candidates.length }],
      count: candidates.length,
    };
  const text = candidates[0] as string;
  const bad = (detail: string): StsTxtResult => ({
    record: null,
    problems: [{ code: 'sts-txt-syntax', detail: escapeText(detail) }],
    count: 1,
  });
  const fields: StsTxt['fields'] = [];
  const unknown: Escaped[] = [];
  let id: string | null = null;
  const parts = text.split(';').map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''));
  // A trailing ";" leaves one empty part; an empty part elsewhere is ";;".
  if (parts[parts.length - 1] === '') parts.pop();
  for (const [i, part] of parts.entries()) {
    const eq = part.indexOf('=');
    if (eq <= 0) return bad(`field ${i + 1} "${part}" is not key=value`);
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    fields.push({ key: escapeText(key), value: escapeText(value) });
    if (i === 0) continue; // v=STSv1, checked above
    if (key === 'id') {
      if (id !== null) return bad('id appears twice');
      if (!ID.test(value)) return bad(`id "${value}" is not 1 to 32 letters and digits`);
      id = value;
    } else if (key === 'v') {
      return bad('v appears twice');
    } else {
      if (!EXT_NAME.test(key)) return bad(`"${key}" is not a valid field name`);
      if (!EXT_VALUE.test(value))
        return bad(`the value of ${key} has characters a field may not hold`);
      unknown.push(escapeText(key));
    }
  }
  if (id === null) return bad('there is no id field');
  return { record: { id, fields, unknown, raw: escapeText(text) }, problems: [], count: 1 };
}
