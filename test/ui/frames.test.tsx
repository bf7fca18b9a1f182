// Frames for each verdict kind (from synthetic sessions), and a 100k-line transcript that
// renders only its window.
import React from 'react';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { SessionLike } from '../../src/ui/use-session.js';
import { judge } from '../../src/policy/verdict.js';
import type { ProbeEvent, ProbeFacts, ProbeOptions, ProbeResult } from '../../src/model/index.js';
import type { ProbeListener } from '../../src/model/index.js';
import { escapeText } from '../../src/smtp/escape.js';
import { describeVerdict } from '../../src/wording/verdict.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import { TRANSCRIPT_FLUSH_MS, makeIngest, visibleWindow } from '../../src/ui/state/ingest.js';
import type { Action, UiState } from '../../src/ui/state/reducer.js';
import { stripAnsi, waitForFrame } from '../support/frames.js';
import { facts, failed, resultOf } from '../support/facts.js';

const OPTIONS: ProbeOptions = {
  host: 'mx.lab.test',
  port: 25,
  tlsMode: 'starttls',
  ehloName: 'client.lab.test',
  timeoutMs: 5000,
};

const KINDS: [string, ProbeFacts][] = [
  ['ok', facts()],
  ['tls-not-offered', failed({ stage: 'starttls', kind: 'not-offered' })],
  [
    'starttls-rejected',
    failed({
      stage: 'starttls',
      kind: 'rejected',
      reply: { code: 454, enhanced: null, text: escapeText('TLS not available') },
    }),
  ],
  [
    'tls-failed',
    failed({
      stage: 'tls',
      kind: 'tls',
      tls: {
        reason: 'protocol-mismatch',
        message: 'server sent TLS alert 70 (protocol_version): no TLS version in common',
        alert: null,
        code: null,
      },
    }),
  ],
  [
    'certificate-invalid',
    facts({
      certificate: {
        chain: [],
        trusted: false,
        hostnameMatch: true,
        verifyName: 'mx.lab.test',
        problems: ['expired'],
        anchor: null,
      },
    }),
  ],
  [
    'smtp-error',
    failed({
      stage: 'banner',
      kind: 'rejected',
      reply: { code: 421, enhanced: null, text: escapeText('busy') },
    }),
  ],
  [
    'unreachable',
    failed({
      stage: 'connect',
      kind: 'refused',
      where: '127.0.0.1:25',
      detail: escapeText('ECONNREFUSED'),
    }),
  ],
];

function fakeSession(events: ProbeEvent[]): SessionLike {
  const listeners = new Set<ProbeListener>();
  let result: ProbeResult | null = null;
  return {
    id: 'fake',
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    run: async () => {
      for (const e of events) {
        if (e.type === 'finished') result = e.result;
        for (const l of listeners) l(e);
      }
      // A session that never finishes waits, as a real one does at a pause.
      return result ?? new Promise<ProbeResult>(() => undefined);
    },
    resume: () => undefined,
    setAuto: () => undefined,
    sendRaw: async () => ({ ok: false, error: 'not-connected' }),
    abort: async () => undefined,
  };
}

function resultFor(f: ProbeFacts): ProbeResult {
  return resultOf(f);
}

describe('verdict frames', () => {
  for (const [kind, f] of KINDS) {
    it(`${kind}: status, StrictTLS outcome, summary and fix, within 80 columns`, async () => {
      const result = resultFor(f);
      const r = render(
        <App
          options={OPTIONS}
          auto={false}
          color={false}
          factory={() => fakeSession([{ type: 'finished', result, probeId: 'fake' }])}
          saveDir="."
          now={() => new Date(0)}
          onExit={() => undefined}
          size={{ columns: 80, rows: 24 }}
        />,
      );
      const verdict = describeVerdict(judge(result));
      const frame = await waitForFrame(r.lastFrame, (f) => f.includes('Verdict:'));
      expect(frame).toContain(`Verdict: ${kind}`);
      expect(frame).toContain(`StrictTLS sender would ${verdict.strictTls.toUpperCase()}`);
      expect(frame.replace(/\s+/g, ' ')).toContain(verdict.summary.slice(0, 40));
      expect(frame.replace(/\s+/g, ' ')).toContain(`Fix: ${verdict.fix.slice(0, 30)}`);
      // Cells, as Ink and the terminal count them (not code points).
      for (const line of stripAnsi(frame).split('\n'))
        expect(stringWidth(line)).toBeLessThanOrEqual(80);
      r.unmount();
    });
  }
});

describe('a 100k-line transcript', () => {
  it('the store keeps every line but the view takes only its window', async () => {
    let state: UiState = initialState(OPTIONS, false);
    let runs = 0;
    const dispatch = (a: Action): void => {
      runs += 1;
      state = reducer(state, a);
    };
    const ingest = makeIngest(state.transcript, dispatch);
    vi.useFakeTimers();
    try {
      for (let i = 0; i < 100_000; i++)
        ingest({
          type: 'transcript',
          probeId: 'p',
          entry: { t: i, dir: 'S', text: escapeText(`250-line ${i}`) },
        });
      expect(runs).toBe(0); // nothing is drawn while the lines arrive
      vi.advanceTimersByTime(TRANSCRIPT_FLUSH_MS);
    } finally {
      vi.useRealTimers();
    }
    expect(runs).toBe(1); // the growth is told once
    expect(state.transcriptLength).toBe(100_000);
    expect(visibleWindow(state, 20).map((e) => e.text)).toEqual(
      Array.from({ length: 20 }, (_, i) => `250-line ${99_980 + i}`),
    );
    dispatch({ type: 'scroll', by: 50_000, viewport: 20 });
    expect(visibleWindow(state, 20)[0]?.text).toBe('250-line 49980');
    dispatch({ type: 'scroll-to', where: 'top', viewport: 20 });
    expect(visibleWindow(state, 20)[0]?.text).toBe('250-line 0');
  });

  it("a step's lines are told before the event that ends the step, without waiting", () => {
    let state: UiState = initialState(OPTIONS, false);
    const seen: string[] = [];
    const ingest = makeIngest(state.transcript, (a) => {
      seen.push(a.type === 'event' ? a.event.type : a.type);
      state = reducer(state, a);
    });
    ingest({
      type: 'transcript',
      probeId: 'p',
      entry: { t: 1, dir: 'C', text: escapeText('EHLO client.lab.test') },
    });
    ingest({
      type: 'transcript',
      probeId: 'p',
      entry: { t: 2, dir: 'S', text: escapeText('250 mx.lab.test') },
    });
    expect(seen).toEqual([]);
    ingest({ type: 'step-started', step: 'starttls', t: 3, probeId: 'p' });
    expect(seen).toEqual(['transcript-grew', 'step-started']);
    expect(state.transcriptLength).toBe(2);
  });

  it('renders a frame with only the visible lines', async () => {
    const events: ProbeEvent[] = Array.from({ length: 100_000 }, (_, i) => ({
      type: 'transcript',
      probeId: 'fake',
      entry: { t: i, dir: 'S', text: escapeText(`250-line ${i}`) },
    }));
    const r = render(
      <App
        options={OPTIONS}
        auto={false}
        color={false}
        factory={() => fakeSession(events)}
        saveDir="."
        now={() => new Date(0)}
        onExit={() => undefined}
        size={{ columns: 80, rows: 24 }}
      />,
    );
    const frame = await waitForFrame(r.lastFrame, (f) => f.includes('250-line 99999'));
    expect(frame).toContain('Transcript 100000 lines');
    expect(frame).not.toContain('250-line 99980');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    r.stdin.write('\u001b[5~'); // PgUp
    await waitForFrame(r.lastFrame, (f) => f.includes('lines up'));
    r.unmount();
  });
});
