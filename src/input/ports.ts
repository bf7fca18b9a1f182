// `--ports 25,465,587`: the same host on several ports in one run.
import { escapeText } from '../smtp/escape.js';
import { parsePort } from './validate.js';
import type { Parsed } from './validate.js';

/** More ports than a mail host listens on; bounds the run (each port is a whole probe). */
export const MAX_PORTS = 16;

/** The ports in the order given; a port named twice is a typo, not a second probe. */
export function parsePorts(text: string): Parsed<number[]> {
  const items = text.split(',').map((s) => s.trim());
  if (items.every((s) => s === ''))
    return { ok: false, error: '--ports is empty: list ports, e.g. --ports 25,465,587' };
  if (items.length > MAX_PORTS)
    return { ok: false, error: `--ports lists ${items.length} ports: at most ${MAX_PORTS}` };
  const out: number[] = [];
  for (const item of items) {
    if (item === '')
      return { ok: false, error: `--ports "${escapeText(text)}" has an empty entry` };
    const port = parsePort(item);
    if (!port.ok) return { ok: false, error: `--ports: ${port.error}` };
    if (out.includes(port.value))
      return { ok: false, error: `--ports names port ${port.value} twice` };
    out.push(port.value);
  }
  return { ok: true, value: out };
}
