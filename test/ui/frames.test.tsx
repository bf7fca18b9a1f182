// Frames for each verdict kind (from synthetic sessions), and a 100k-line transcript that
// renders only its window.
import React from 'react';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { SessionLike } from '../../src/ui/use-session.js';
import { classify } from '../../src/policy/verdict.js';
import type { SessionFacts } from '../../src/policy/verdict.js';
import type {
  ProbeOptions,
  SessionEvent,
  SessionListener,
  SessionResult,
} from '../../src/session/types.js';
import {
  TRANSCRIPT_FLUSH_MS,
  initialState,
  makeIngest,
  reducer,
  visibleWindow,
} from '../../src/ui/state/reducer.js';
import type { Action, UiState } from '../../src/ui/state/reducer.js';
import { stripAnsi, waitForFrame } from '../support/frames.js';

const OPTIONS: ProbeOptions = {
  host: 'mx.lab.test',
  port: 25,
  tlsMode: 'starttls',
  ehloName: 'client.lab.test',
  timeoutMs: 5000,
};

const BASE: SessionFacts = {
  tlsMode: 'starttls',
  unreachable: null,
  smtpError: null,
  starttlsOffered: true,
  starttlsRefusal: null,
  tlsFailure: null,
  tlsUp: true,
  certificate: null,
  notTested: null,
};

const KINDS: [string, Partial<SessionFacts>][] = [
  ['ok', {}],
  ['tls-not-offered', { starttlsOffered: false, tlsUp: false }],
  [
    'starttls-rejected',
    { starttlsRefusal: { code: 454, text: 'TLS not available' }, tlsUp: false },
  ],
  [
    'tls-failed',
    {
      tlsUp: false,
      tlsFailure: {
        reason: 'protocol-mismatch',
        message: 'server sent TLS alert 70 (protocol_version): no TLS version in common',
        alert: null,
        code: null,
      },
    },
  ],
  [
    'certificate-invalid',
    {
      certificate: {
        chain: [],
        trusted: false,
        hostnameMatch: true,
        verifyName: 'mx.lab.test',
        problems: ['expired'],
        explanations: ['The certificate expired.'],
      },
    },
  ],
  [
    'smtp-error',
    {
      smtpError: { reason: 'banner-421', message: 'the server greeted with 421', afterTls: false },
    },
  ],
  ['unreachable', { unreachable: { reason: 'connection-refused', message: 'cannot connect' } }],
];

function fakeSession(events: SessionEvent[]): SessionLike {
  const listeners = new Set<SessionListener>();
  let result: SessionResult | null = null;
  return {
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    run: async () => {
      for (const e of events) {
        if (e.type === 'finished') result = e.result;
        for (const l of listeners) l(e);
      }
      return result as SessionResult;
    },
    resume: () => undefined,
    setAuto: () => undefined,
    sendRaw: async () => ({ ok: false, error: 'fake' }),
    abort: async () => undefined,
  };
}

function resultFor(facts: Partial<SessionFacts>): SessionResult {
  return {
    target: { host: 'mx.lab.test', port: 25, address: '127.0.0.1', tlsMode: 'starttls' },
    startedAt: new Date(0).toISOString(),
    steps: [],
    transcript: [],
    banner: null,
    heloFallback: false,
    ehlo: { before: null, after: null, diff: null },
    starttls: { offered: true, reply: null },
    tls: null,
    tlsFailure: null,
    certificate: null,
    notes: [],
    verdict: classify({ ...BASE, ...facts }),
  };
}

describe('verdict frames', () => {
  for (const [kind, facts] of KINDS) {
    it(`${kind}: status, StrictTLS outcome, summary and fix, within 80 columns`, async () => {
      const result = resultFor(facts);
      const r = render(
        <App
          options={OPTIONS}
          auto={false}
          color={false}
          factory={() => fakeSession([{ type: 'finished', result }])}
          saveDir="."
          now={() => new Date(0)}
          onExit={() => undefined}
          size={{ columns: 80, rows: 24 }}
        />,
      );
      const frame = await waitForFrame(r.lastFrame, (f) => f.includes('Verdict:'));
      expect(frame).toContain(`Verdict: ${kind}`);
      expect(frame).toContain(`StrictTLS sender would ${result.verdict.strictTls.toUpperCase()}`);
      expect(frame.replace(/\s+/g, ' ')).toContain(result.verdict.summary.slice(0, 40));
      expect(frame.replace(/\s+/g, ' ')).toContain(`Fix: ${result.verdict.fix.slice(0, 30)}`);
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
        ingest({ type: 'transcript', entry: { t: i, dir: 'S', text: `250-line ${i}` } });
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
    dispatch({ type: 'scroll-to', where: 'top' });
    expect(visibleWindow(state, 20)[0]?.text).toBe('250-line 0');
  });

  it("a step's lines are told before the event that ends the step, without waiting", () => {
    let state: UiState = initialState(OPTIONS, false);
    const seen: string[] = [];
    const ingest = makeIngest(state.transcript, (a) => {
      seen.push(a.type === 'event' ? a.event.type : a.type);
      state = reducer(state, a);
    });
    ingest({ type: 'transcript', entry: { t: 1, dir: 'C', text: 'EHLO client.lab.test' } });
    ingest({ type: 'transcript', entry: { t: 2, dir: 'S', text: '250 mx.lab.test' } });
    expect(seen).toEqual([]);
    ingest({ type: 'step-started', step: 'starttls', t: 3 });
    expect(seen).toEqual(['transcript-grew', 'step-started']);
    expect(state.transcriptLength).toBe(2);
  });

  it('renders a frame with only the visible lines', async () => {
    const events: SessionEvent[] = Array.from({ length: 100_000 }, (_, i) => ({
      type: 'transcript',
      entry: { t: i, dir: 'S', text: `250-line ${i}` },
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
