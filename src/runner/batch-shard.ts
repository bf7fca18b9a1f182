// --shard K/N: N workers split one list without talking to each other. An item belongs to shard
// K when the first 4 bytes of SHA-256 of its normalised form (big-endian), mod N, equal K
// (0-based). Stable across runs, machines and input order.
import { createHash } from 'node:crypto';

export interface Shard {
  index: number;
  count: number;
}

export function shardOf(key: string, count: number): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % count;
}

export function inShard(key: string, shard: Shard | null): boolean {
  return shard === null || shardOf(key, shard.count) === shard.index;
}

/** "K/N" with 0 <= K < N <= 65536; an error sentence otherwise. */
export function parseShard(
  text: string,
): { ok: true; shard: Shard } | { ok: false; error: string } {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || count > 65536 || index >= count)
    return {
      ok: false,
      error: `--shard must be K/N with 0 <= K < N (0-based, e.g. 0/4 … 3/4), not ${JSON.stringify(text).slice(0, 40)}`,
    };
  return { ok: true, shard: { index, count } };
}
