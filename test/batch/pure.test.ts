// The batch's pure parts: lines to items, shards, the resume reader, the address gate.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddressGate } from '../../src/runner/batch-gate.js';
import { itemOf, normaliseInput, readItems } from '../../src/runner/batch-input.js';
import { Lru } from '../../src/runner/batch-lru.js';
import { doneInputs } from '../../src/runner/batch-resume.js';
import { inShard, parseShard, shardOf } from '../../src/runner/batch-shard.js';
import { sharedInFlight } from '../../src/runner/batch-resolver.js';
import type { QueryResult, Resolver } from '../../src/dns/types.js';

describe('items', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['# comment', null],
    ['  # indented comment', null],
    [' Example.ORG. ', { input: 'Example.ORG.', key: 'example.org' }],
    ['mx.example.org:25', { input: 'mx.example.org:25', key: 'mx.example.org:25' }],
  ])('%j', (text, want) => {
    const item = itemOf(text, 7);
    expect(item === null ? null : { input: item.input, key: item.key }).toEqual(want);
  });

  it('reads a stream line by line with line numbers (CRLF too)', async () => {
    const items = [];
    for await (const i of readItems(Readable.from(['a.test\r\n# x\r\n\r\nb.te', 'st\nc.test'])))
      items.push([i.line, i.input]);
    expect(items).toEqual([
      [1, 'a.test'],
      [4, 'b.test'],
      [5, 'c.test'],
    ]);
  });
});

describe('shards', () => {
  it('parses K/N, 0-based', () => {
    expect(parseShard('0/4')).toEqual({ ok: true, shard: { index: 0, count: 4 } });
    expect(parseShard('3/4').ok).toBe(true);
    for (const bad of ['4/4', '1/0', '-1/2', 'a/b', '1', '1/2/3'])
      expect(parseShard(bad).ok).toBe(false);
  });

  it('a fixed value (the README documents the hash)', () => {
    // sha256("example.org") starts bfabc374: 0xbfabc374 mod 4 = 0, mod 7 = 3.
    expect([shardOf('example.org', 4), shardOf('example.org', 7)]).toEqual([0, 0xbfabc374 % 7]);
  });

  it('every input is in exactly one of N shards; the same for any spelling', () => {
    fc.assert(
      fc.property(fc.domain(), fc.integer({ min: 1, max: 64 }), (name, n) => {
        const hits = Array.from({ length: n }, (_, k) => k).filter((k) =>
          inShard(normaliseInput(name), { index: k, count: n }),
        );
        expect(hits).toHaveLength(1);
        expect(shardOf(normaliseInput(`${name.toUpperCase()}.`), n)).toBe(hits[0]);
      }),
    );
  });
});

describe('resume reader', () => {
  it('takes whole lines with an input; a cut last line is not done', async () => {
    const text = '{"input":"A.test","ms":1}\n{"input":"b.test","ms":2}\n\nnot json\n{"input":"c.te';
    expect(await doneInputs(Readable.from([text]))).toEqual(new Set(['a.test', 'b.test']));
  });
});

describe('LRU', () => {
  it('evicts the least recently used', () => {
    const l = new Lru<number>(2);
    l.set('a', 1);
    l.set('b', 2);
    l.get('a');
    l.set('c', 3);
    expect([l.get('a'), l.get('b'), l.get('c'), l.size]).toEqual([1, undefined, 3, 2]);
  });
});

describe('address gate', () => {
  afterEach(() => void vi.useRealTimers());

  const deferred = (): { p: Promise<void>; done: () => void } => {
    let done!: () => void;
    const p = new Promise<void>((r) => (done = r));
    return { p, done };
  };

  it('one task per key at a time, at most `limit` in all', async () => {
    const gate = new AddressGate(2, 0);
    const started: string[] = [];
    const d = [deferred(), deferred(), deferred(), deferred()];
    const runs = [
      gate.run('a', () => (started.push('a1'), d[0]!.p)),
      gate.run('a', () => (started.push('a2'), d[1]!.p)),
      gate.run('b', () => (started.push('b1'), d[2]!.p)),
      gate.run('c', () => (started.push('c1'), d[3]!.p)),
    ];
    expect(started).toEqual(['a1', 'b1']);
    d[0]!.done();
    await runs[0];
    expect(started).toEqual(['a1', 'b1', 'a2']);
    d[2]!.done();
    await runs[2];
    expect(started).toEqual(['a1', 'b1', 'a2', 'c1']);
    d[1]!.done();
    d[3]!.done();
    await Promise.all(runs);
  });

  it('waits the interval between two connections to one key', async () => {
    vi.useFakeTimers();
    const gate = new AddressGate(4, 1000);
    const started: string[] = [];
    await gate.run('a', async () => void started.push('a1'));
    const second = gate.run('a', async () => void started.push('a2'));
    const other = gate.run('b', async () => void started.push('b1'));
    expect(started).toEqual(['a1', 'b1']);
    await vi.advanceTimersByTimeAsync(999);
    expect(started).toEqual(['a1', 'b1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['a1', 'b1', 'a2']);
    await Promise.all([second, other]);
  });
});

describe('DNS in flight', () => {
  it('one query for many askers; an asker that gives up gets aborted, the others the answer', async () => {
    let calls = 0;
    const answers: ((r: QueryResult) => void)[] = [];
    const inner: Resolver = {
      servers: [{ host: '127.0.0.1', port: 53 }],
      query: () => {
        calls++;
        return new Promise((r) => void answers.push(r));
      },
    };
    const r = sharedInFlight(inner);
    const gone = new AbortController();
    const a = r.query('Mx.Test', 'A');
    const b = r.query('mx.test', 'A', { signal: gone.signal });
    const c = r.query('mx.test', 'A', { dnssecOk: true });
    gone.abort();
    expect(await b).toEqual({ kind: 'aborted' });
    for (const answer of answers) answer({ kind: 'nodata', ad: false });
    expect(await a).toEqual({ kind: 'nodata', ad: false });
    expect(await c).toEqual({ kind: 'nodata', ad: false });
    expect(calls).toBe(2); // the DO query is another question
  });
});
