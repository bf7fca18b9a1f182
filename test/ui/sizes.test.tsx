// The screen at 80×24, 100×30 and 160×45 (issue #11): the help overlay and the end screen of a
// failing session, from fake sessions built of facts. Every key string is asserted whole: on one
// row, or wrapped at spaces (never cut with "…"), and no row is wider than the screen.
import React from 'react';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { KEYS } from '../../src/ui/components/Overlays.js';
import type { ProbeEvent, ProbeOptions, StepRecord } from '../../src/model/index.js';
import { escapeText } from '../../src/smtp/escape.js';
import { judge } from '../../src/policy/verdict.js';
import { describeVerdict, strictTlsWords } from '../../src/wording/verdict.js';
import { stripAnsi, waitForFrame } from '../support/frames.js';
import { facts, resultOf } from '../support/facts.js';
import { cert, fakeSession, FP } from './fixtures.js';

const SIZES = [
  { columns: 80, rows: 24 },
  { columns: 100, rows: 30 },
  { columns: 160, rows: 45 },
] as const;

const OPTIONS: ProbeOptions = {
  host: 'mx.lab.test',
  port: 25,
  tlsMode: 'starttls',
  ehloName: 'client.lab.test',
  sni: 'mx.lab.test',
  timeoutMs: 5000,
};

const EXPIRED = facts({
  certificate: {
    chain: [
      cert(),
      cert({
        subject: 'O=smtpscope, CN=smtpscope Test Intermediate CA',
        issuer: 'O=smtpscope, CN=smtpscope Test Root CA',
        daysLeft: 3000,
        problems: [],
        isCA: true,
      }),
    ],
    trusted: false,
    hostnameMatch: true,
    verifyName: 'mx.lab.test',
    problems: ['expired'],
    anchor: null,
  },
});

function step(name: StepRecord['name'], status: StepRecord['status'], ms: number): StepRecord {
  return { name, status, ms, startedAt: new Date(0).toISOString(), detail: escapeText('detail') };
}

function transcript(n: number): ProbeEvent[] {
  const lines = [
    'C: EHLO client.lab.test',
    'S: 250-mx.lab.test',
    'S: 250-PIPELINING',
    'S: 250 CHUNKING',
    'C: STARTTLS',
    'S: 220 2.0.0 Ready to start TLS',
  ];
  return Array.from({ length: n }, (_, i) => ({
    type: 'transcript',
    probeId: 'fake',
    entry: { t: i, dir: i % 2 ? 'S' : 'C', text: escapeText(lines[i % lines.length] as string) },
  }));
}

function renderAt(size: { columns: number; rows: number }, events: ProbeEvent[]) {
  return render(
    <App
      options={OPTIONS}
      auto={false}
      color={false}
      factory={() => fakeSession(events)}
      saveDir="."
      now={() => new Date(0)}
      onExit={() => undefined}
      size={size}
    />,
  );
}

/** The frame's text with wrapped rows joined again: a string split at spaces still matches. */
function flat(frame: string): string {
  return frame.replace(/\s+/g, ' ');
}

/** The frame from the column where `marker` starts: the panel beside a wide transcript. */
function column(frame: string, marker: string): string {
  const lines = frame.split('\n');
  const at = lines.find((l) => l.includes(marker))?.indexOf(marker) ?? 0;
  return lines.map((l) => [...l].slice(at).join('')).join('\n');
}

function expectFits(frame: string, size: { columns: number; rows: number }): void {
  const lines = stripAnsi(frame).split('\n');
  expect(lines.length).toBeLessThanOrEqual(size.rows);
  for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(size.columns);
}

describe.each(SIZES)('at $columns×$rows', (size) => {
  it('the help overlay shows every key and every word of it, nothing glued', async () => {
    // Paused before connecting, as a guided session starts: the footer holds the next step's
    // command, which wraps to a second row at 80 columns (the help lost its last key there).
    const paused: ProbeEvent = {
      type: 'paused',
      probeId: 'fake',
      next: 'connect',
      preview: escapeText('connect to 127.0.0.1 port 38379'),
      again: false,
    };
    const r = renderAt(size, [...transcript(12), paused]);
    await waitForFrame(r.lastFrame, (f) => f.includes('Transcript 12 lines'));
    r.stdin.write('?');
    const frame = await waitForFrame(r.lastFrame, (f) => f.includes('Keys (any key closes)'));
    expectFits(frame, size);
    const text = flat(frame);
    for (const [key, what] of KEYS) {
      expect(frame).toMatch(
        new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(\\s|$)`, 'm'),
      );
      expect(text).toContain(what);
    }
    r.stdin.write('x');
    await waitForFrame(r.lastFrame, (f) => !f.includes('Keys (any key closes)'));
    r.unmount();
  });

  it('the end screen of an expired certificate: verdict, StrictTLS words, days, fix — whole', async () => {
    const result = resultOf(EXPIRED);
    const events: ProbeEvent[] = [
      ...transcript(30),
      {
        type: 'step-finished',
        probeId: 'fake',
        step: { ...step('tls', 'failed', 3004), detail: escapeText('handshake timed out') },
      },
      { type: 'certificate', probeId: 'fake', report: EXPIRED.certificate as never },
      { type: 'finished', probeId: 'fake', result },
    ];
    const r = renderAt(size, events);
    const frame = await waitForFrame(r.lastFrame, (f) => f.includes('Verdict:'));
    expectFits(frame, size);
    const v = describeVerdict(judge(result));
    const text = flat(column(frame, 'Verdict:'));
    expect(text).toContain(
      `Verdict: certificate-invalid (expired) — StrictTLS sender ${strictTlsWords(v)}`,
    );
    expect(text).toContain(v.summary);
    expect(text).toContain(`Fix: ${v.fix}`);
    expect(text).toContain('leaf expired 2152 days ago');
    // The step row keeps a space between its label and its time.
    expect(frame).toMatch(/✗ TLS handshake +3004 ms/);
    expect(frame).not.toMatch(/…/);
    // The certificate panel: the fingerprint whole (wrapped between bytes), numbered from 1.
    for (let i = 0; i < 3; i++) r.stdin.write('\t');
    const certFrame = await waitForFrame(r.lastFrame, (f) => f.includes('SHA-256:'));
    expectFits(certFrame, size);
    expect(certFrame).toMatch(/Chain \[1\] 2 /);
    expect(column(certFrame, 'SHA-256:').replace(/\s+/g, '')).toContain(`SHA-256:${FP}`);
    r.unmount();
  });
});

const REFUSED = {
  stage: 'starttls',
  kind: 'rejected',
  afterTls: false,
  reply: {
    code: 454,
    enhanced: '4.7.0',
    text: escapeText('TLS not available due to local problem'),
  },
} as const;

describe.each(SIZES)('a failed step, guided, at $columns×$rows', (size) => {
  it('the pause after it says what happened, what it means for senders, and what to try', async () => {
    const events: ProbeEvent[] = [
      ...transcript(8),
      { type: 'starttls', probeId: 'fake', offered: true, reply: REFUSED.reply },
      { type: 'failure', probeId: 'fake', failure: REFUSED },
      {
        type: 'step-finished',
        probeId: 'fake',
        step: { ...step('starttls', 'failed', 2), detail: null, failure: REFUSED },
      },
      { type: 'paused', probeId: 'fake', next: 'quit', preview: escapeText('QUIT'), again: false },
    ];
    const r = renderAt(size, events);
    const frame = await waitForFrame(r.lastFrame, (f) => f.includes('Problem:'));
    expectFits(frame, size);
    const text = flat(column(frame, 'Problem:'));
    expect(text).toContain(
      'Problem: starttls-rejected (starttls-454) — StrictTLS sender would DROP',
    );
    expect(text).toContain(
      'Happened: STARTTLS failed — STARTTLS refused: 454 TLS not available due to local problem',
    );
    expect(text).toContain('Senders: The server advertises STARTTLS but refused it with 454');
    expect(text).toContain('Fix: The TLS layer is failing on the server');
    expect(text).toContain('Try: r: try again — a 4xx refusal is temporary');
    expect(text).toContain('Next: QUIT');
    r.unmount();
  });
});
