// Issue #11's behaviour changes, each on its own: Home stops at the first full window, a variant
// starts from the options as given unless combined (and the header says every change), the
// certificate numbering agrees between the TUI, the saved file and --plain, the step row keeps
// its time apart, a silent non-25 port offers implicit TLS on one key, and the exit code is the
// last attempt's.
import React from 'react';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { Root, exitCodeOf } from '../../src/ui/run.js';
import { initialState, reducer } from '../../src/ui/state/reducer.js';
import type { UiState } from '../../src/ui/state/reducer.js';
import { applyVariant, changesLabel, describeChanges } from '../../src/ui/variants.js';
import { layout, narrowPanelHeight, STEP_ROWS } from '../../src/ui/layout.js';
import { silentBanner, tryNext, judgedSoFar } from '../../src/ui/failure-help.js';
import { saveCertificatePem } from '../../src/report/save.js';
import { renderPlain } from '../../src/report/plain.js';
import { judge } from '../../src/policy/verdict.js';
import type { ProbeEvent, ProbeOptions } from '../../src/model/index.js';
import { escapeText } from '../../src/smtp/escape.js';
import { pressUntil, waitForFrame } from '../support/frames.js';
import { facts, failed, resultOf } from '../support/facts.js';
import { cert, fakeSession } from './fixtures.js';

const OPTIONS: ProbeOptions = {
  host: 'mx.lab.test',
  port: 25,
  tlsMode: 'starttls',
  ehloName: 'client.lab.test',
  timeoutMs: 5000,
};

function withLines(n: number): UiState {
  const s = initialState(OPTIONS, false);
  for (let i = 0; i < n; i++) s.transcript.push({ t: i, dir: 'S', text: escapeText(`line ${i}`) });
  return reducer(s, { type: 'transcript-grew', added: n });
}

describe('scrolling', () => {
  it('Home shows the first full window; PgDn from there moves one page, not a jump', () => {
    let s = withLines(100);
    s = reducer(s, { type: 'scroll-to', where: 'top', viewport: 20 });
    expect(s.scroll).toBe(80); // lines 0–19 in view, not line 0 alone over blank rows
    s = reducer(s, { type: 'scroll', by: -19, viewport: 20 });
    expect(s.scroll).toBe(61);
    s = reducer(s, { type: 'scroll-to', where: 'bottom', viewport: 20 });
    expect(s.scroll).toBe(0);
    // Fewer lines than the window: nothing to scroll.
    expect(reducer(withLines(5), { type: 'scroll-to', where: 'top', viewport: 20 }).scroll).toBe(0);
  });
});

describe('variants', () => {
  it('start from the options as given; combining is asked for; every change is named', () => {
    const tls12 = applyVariant(OPTIONS, '1').options;
    expect(describeChanges(OPTIONS, tls12)).toEqual(['TLS 1.2 only']);
    // Not combined: "another SNI" from the original has no version limit left over.
    const sni = applyVariant(OPTIONS, '4', 'other.lab.test').options;
    expect(sni.maxTlsVersion).toBeUndefined();
    expect(changesLabel(OPTIONS, sni)).toBe('SNI other.lab.test');
    // Combined with the TLS 1.2 attempt: both changes, both in the label.
    const both = applyVariant(tls12, '4', 'other.lab.test').options;
    expect(describeChanges(OPTIONS, both)).toEqual(['TLS 1.2 only', 'SNI other.lab.test']);
    expect(changesLabel(OPTIONS, OPTIONS)).toBe('as given');
    expect(
      describeChanges({ ...OPTIONS, maxTlsVersion: 'TLSv1' }, { ...OPTIONS, tlsMode: 'implicit' }),
    ).toEqual(['implicit TLS', 'any TLS version']);
  });

  it('the store keeps the launch options across attempts; combine is reset per attempt', () => {
    let s = initialState(OPTIONS, false);
    s = reducer(s, { type: 'toggle-combine' });
    expect(s.combine).toBe(true);
    const next = applyVariant(OPTIONS, '1').options;
    s = reducer(s, {
      type: 'new-session',
      options: next,
      label: 'TLS 1.2 only',
      keepAttempt: true,
      transcript: [],
    });
    expect(s.original).toBe(OPTIONS);
    expect(s.options).toBe(next);
    expect(s.combine).toBe(false);
    expect(s.attempts).toEqual([]); // nothing was seen yet: nothing to list
    // An attempt left at the pause after its failure is listed when a variant starts from it.
    const failure = { stage: 'banner', kind: 'timeout', afterTls: false, timeoutMs: 5000 } as const;
    s = reducer(s, { type: 'event', event: { type: 'failure', probeId: 'p', failure } });
    s = reducer(s, {
      type: 'new-session',
      options: OPTIONS,
      label: 'as given',
      keepAttempt: true,
      transcript: [],
    });
    expect(s.attempts).toEqual([
      { label: 'TLS 1.2 only', status: 'smtp-error', reasons: ['banner-timeout'], protocol: null },
    ]);
  });

  it('on screen: after "TLS 1.2 only", "another SNI" runs without the limit unless c combines', async () => {
    const seen: ProbeOptions[] = [];
    const result = resultOf(facts());
    const r = render(
      <App
        options={OPTIONS}
        auto={true}
        color={false}
        factory={(spec) => {
          seen.push(spec);
          return fakeSession([{ type: 'finished', result, probeId: 'fake' }]);
        }}
        saveDir="."
        now={() => new Date(0)}
        onExit={() => undefined}
        size={{ columns: 100, rows: 30 }}
      />,
    );
    await waitForFrame(r.lastFrame, (f) => f.includes('Verdict: ok'));
    const variant = async (keys: string[], header: string): Promise<void> => {
      for (const k of keys) {
        r.stdin.write(k);
        await new Promise((res) => setImmediate(res));
      }
      await waitForFrame(r.lastFrame, (f) => f.includes(header) && f.includes('Verdict: ok'));
    };
    await variant(['v', '1'], '[TLS 1.2 only]');
    await waitForFrame(r.lastFrame, (f) => f.includes('v variant'));
    r.stdin.write('v');
    await waitForFrame(r.lastFrame, (f) => f.includes('c [ ] combine'));
    await pressUntil(r, '4', (f) => f.includes('SNI name:'));
    await pressUntil(r, 'other.lab.test', (f) => f.includes('SNI name: other.lab.test'));
    r.stdin.write('\r');
    await waitForFrame(r.lastFrame, (f) => f.includes('[SNI other.lab.test]'));
    expect(seen.at(-1)?.maxTlsVersion).toBeUndefined();
    // Now combined: c, then TLS 1.2 on top of the SNI attempt; the header names both.
    r.stdin.write('v');
    await waitForFrame(r.lastFrame, (f) => f.includes('c [ ] combine'));
    r.stdin.write('c');
    await waitForFrame(r.lastFrame, (f) => f.includes('c [x] combine'));
    r.stdin.write('1');
    const frame = await waitForFrame(r.lastFrame, (f) =>
      f.includes('[TLS 1.2 only, SNI other.lab.test]'),
    );
    expect(seen.at(-1)).toMatchObject({ sni: 'other.lab.test', maxTlsVersion: 'TLSv1.2' });
    expect(frame).toContain('#3 SNI other.lab.test');
    r.unmount();
  });
});

describe('certificate numbering', () => {
  it('the TUI, the saved file name and --plain all call the leaf 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtpscope-num-'));
    try {
      const path = saveCertificatePem(OPTIONS, 0, cert().pem, dir, new Date(0));
      expect(path).toMatch(/-cert1\.pem$/);
      expect(readdirSync(dir)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const plain = renderPlain(
      judge(
        resultOf(
          facts({
            certificate: {
              chain: [cert({ problems: [] }), cert({ subject: 'CN=Intermediate', problems: [] })],
              trusted: true,
              hostnameMatch: true,
              verifyName: 'mx.lab.test',
              problems: [],
              anchor: null,
            },
          }),
        ),
      ),
    );
    expect(plain).toContain('[1] CN=mx.lab.test');
    expect(plain).toContain('[2] CN=Intermediate');
    expect(plain).not.toContain('[0]');
  });
});

describe('layout', () => {
  it('narrow: the panel is as tall as its text, and the 9 step rows stay', () => {
    expect(narrowPanelHeight(21, 12)).toBe(12);
    expect(narrowPanelHeight(21, 40)).toBe(21 - STEP_ROWS);
    expect(narrowPanelHeight(21, 1)).toBe(3);
    expect(narrowPanelHeight(12, 9)).toBe(3); // 60×15
  });

  it('wide: the transcript as wide as its lines, the panels take the rest', () => {
    const base = { rows: 45, header: 'h', message: null, footer: 'f', stepsWidth: 25 };
    const short = layout({ ...base, columns: 160, transcriptNeed: 47 });
    expect(short.transcriptWidth).toBe(48);
    expect(short.panelWidth).toBe(160 - 25 - 1 - 48 - 1);
    // Long lines: the transcript wraps them; the panels keep half of the room.
    const long = layout({ ...base, columns: 160, transcriptNeed: 300 });
    expect(long.panelWidth).toBe(67);
    expect(layout({ ...base, columns: 120, transcriptNeed: 300 }).panelWidth).toBe(48);
    expect(layout({ ...base, columns: 120, transcriptNeed: 10 }).transcriptWidth).toBe(40);
  });

  it('a long message wraps onto up to 3 rows instead of being cut', () => {
    const l = layout({
      columns: 80,
      rows: 24,
      header: 'h',
      message: `saved /tmp/${'x'.repeat(50)}.txt and /tmp/${'y'.repeat(50)}.json`,
      footer: 'f',
      stepsWidth: 24,
      transcriptNeed: 0,
    });
    expect(l.message.join(' ')).toContain(`${'y'.repeat(50)}.json`);
    expect(l.body).toBe(24 - 1 - 1 - l.message.length);
  });
});

describe('a silent port that is not 25', () => {
  const silent = failed({ stage: 'banner', kind: 'timeout', timeoutMs: 5000 }, { banner: null });
  const on465 = { ...OPTIONS, port: 465 };

  it('offers implicit TLS as one key; port 25 and an implicit probe do not', () => {
    expect(silentBanner(silent, on465)).toBe(true);
    expect(silentBanner(silent, OPTIONS)).toBe(false);
    expect(silentBanner(silent, { ...on465, tlsMode: 'implicit' })).toBe(false);
    const hints = tryNext(judgedSoFar(silent, on465), on465);
    expect(hints[0]).toMatchObject({ key: 'i' });
    expect(hints[0]?.text).toContain('port 465 sent no greeting');
  });

  it('on screen: the hint shows at the pause and i starts the implicit-TLS attempt', async () => {
    const seen: ProbeOptions[] = [];
    const failure = { stage: 'banner', kind: 'timeout', afterTls: false, timeoutMs: 5000 } as const;
    const events: ProbeEvent[] = [
      { type: 'failure', probeId: 'fake', failure },
      {
        type: 'step-finished',
        probeId: 'fake',
        step: {
          name: 'banner',
          status: 'failed',
          ms: 5000,
          startedAt: new Date(0).toISOString(),
          detail: null,
          failure,
        },
      },
      { type: 'paused', probeId: 'fake', next: 'quit', preview: null, again: false },
    ];
    const r = render(
      <App
        options={on465}
        auto={false}
        color={false}
        factory={(spec) => {
          seen.push(spec);
          return fakeSession(events);
        }}
        saveDir="."
        now={() => new Date(0)}
        onExit={() => undefined}
        size={{ columns: 80, rows: 24 }}
      />,
    );
    const frame = await waitForFrame(r.lastFrame, (f) => f.includes('Try: i: try implicit TLS'));
    expect(frame.replace(/\s+/g, ' ')).toContain(
      'Happened: banner failed — no complete banner reply within 5000 ms',
    );
    expect(frame).toMatch(/✗ banner +5000 ms/);
    r.stdin.write('i');
    await waitForFrame(r.lastFrame, (f) => f.includes('[implicit TLS]') && seen.length === 2);
    expect(seen.at(-1)).toMatchObject({ port: 465, tlsMode: 'implicit' });
    expect(frame).toContain('i implicit TLS'); // the footer names the key too
    r.unmount();
  });
});

describe('exit code', () => {
  it('q reports the last attempt verdict; runTui maps it with the table the CLI hands in', async () => {
    const statuses: (string | null)[] = [];
    const result = resultOf(failed({ stage: 'starttls', kind: 'not-offered' }));
    const r = render(
      <Root
        options={OPTIONS}
        auto={true}
        color={false}
        factory={() => fakeSession([{ type: 'finished', result, probeId: 'fake' }])}
        saveDir="."
        onExit={(s) => statuses.push(s)}
      />,
    );
    await waitForFrame(r.lastFrame, (f) => f.includes('Verdict: tls-not-offered'));
    r.stdin.write('q');
    await waitForFrame(r.lastFrame, () => statuses.length > 0);
    expect(statuses).toEqual(['tls-not-offered']);
    r.unmount();
    const codes = {
      ok: 0,
      'certificate-invalid': 1,
      unreachable: 3,
      'smtp-error': 4,
      'tls-not-offered': 5,
      'starttls-rejected': 6,
      'tls-failed': 7,
      'tls-weak': 8,
      incomplete: 130,
    } as const;
    expect(exitCodeOf('tls-not-offered', codes)).toBe(5);
    expect(exitCodeOf(null, codes)).toBe(0); // the start form quit: no attempt
    expect(exitCodeOf('tls-failed', undefined)).toBe(0);
  });
});
