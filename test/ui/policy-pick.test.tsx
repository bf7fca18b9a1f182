// A mail domain in the TUI (issue 12): the policy stage comes first — MX hosts by preference
// with addresses and TLSA, the MTA-STS and TLS-RPT lines — and the MX address picked there is
// the one stepped through; m in the session comes back to the list.
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Root } from '../../src/ui/run.js';
import { engineFactory } from '../../src/runner/engine-factory.js';
import type { TuiPolicy } from '../../src/ui/state/policy.js';
import type { Escaped } from '../../src/model/text.js';
import { getTestPki } from '../support/pki.js';
import { labOptions } from '../support/probe.js';
import { pressUntil, waitForFrame } from '../support/frames.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const e = (s: string): Escaped => s as Escaped;

function policyFor(): TuiPolicy {
  return {
    domain: e('lab.test'),
    kind: 'mx',
    mx: [
      {
        preference: 10,
        name: 'mx.lab.test',
        host: e('mx.lab.test'),
        addresses: ['127.0.0.1'],
        note: e('TLSA secure: 1 record'),
      },
      {
        preference: 20,
        name: 'gone.lab.test',
        host: e('gone.lab.test'),
        addresses: [],
        note: null,
      },
    ],
    lines: [e('MTA-STS: enforce, mx *.lab.test'), e('TLS-RPT: none')],
    // What the CLI's judge would say of a DANE mismatch on this MX (its own test: domain/run).
    judge: () => ({
      status: 'policy-failure',
      exitCode: 9,
      brief: [
        e('Domain lab.test with this MX: policy-failure (dane-mismatch)'),
        e('Senders: DANE defers'),
      ],
      lines: [
        e('Domain lab.test with this MX: policy-failure (dane-mismatch)'),
        e('  DANE: defers'),
      ],
    }),
  };
}

/** A lab server and the TUI on the policy stage of policyFor(), recording how it exits. */
async function startPick() {
  const c = getTestPki().cases.valid;
  server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
  const exits: [unknown, number | undefined][] = [];
  const r = render(
    <Root
      options={labOptions(server.port)}
      auto={true}
      color={false}
      factory={engineFactory}
      policy={policyFor()}
      onExit={(status, domainExit) => exits.push([status, domainExit])}
    />,
  );
  return { r, exits, server: server as TestServer };
}

describe('the policy stage of a mail domain', () => {
  it('shows the MX list, steps through the pick, and m comes back to it', async () => {
    const { r, exits, server: lab } = await startPick();
    const list = await waitForFrame(r.lastFrame, (f) => f.includes('mail domain'));
    expect(list).toMatch(/› 1 +10 {2}mx\.lab\.test +127\.0\.0\.1 +TLSA secure: 1 record/);
    expect(list).toMatch(/20 {2}gone\.lab\.test +no address/);
    expect(list).toContain('MTA-STS: enforce, mx *.lab.test');
    const done = await pressUntil(
      r,
      '\r',
      (f) => f.includes('This MX alone') && f.includes('m MX list'),
    );
    expect(done).toContain('smtpscope  mx.lab.test:');
    // The domain was given: the host's words do not ask for it (a trial found they did), and
    // under the domain's judgement the host shows its verdict alone, no fix of its own.
    expect(done).toContain('This MX alone: ok');
    expect(done).not.toContain('give the domain');
    expect(done).not.toContain('Nothing to fix');
    expect(lab.connections).toBe(1);
    const back = await pressUntil(r, 'm', (f) => f.includes('mail domain'));
    expect(back).toContain('TLS-RPT: none');
    const again = await pressUntil(r, '1', (f) => f.includes('This MX alone'));
    expect(lab.connections).toBe(2);
    // The domain's judgement with this MX stands above the host's verdict, and the TUI exits
    // as the domain's --json would (a trial found exit 0 where --json said 9).
    expect(again).toContain('Domain lab.test with this MX: policy-failure (dane-mismatch)');
    await pressUntil(r, 'q', () => exits.length > 0);
    expect(exits[0]).toEqual(['ok', 9]);
    r.unmount();
  });

  it('quitting from the list after a session exits as that session did', async () => {
    // A trial found exit 0 after m and q, where --json exits 9.
    const { r, exits } = await startPick();
    await waitForFrame(r.lastFrame, (f) => f.includes('mail domain'));
    await pressUntil(r, '\r', (f) => f.includes('This MX alone'));
    await pressUntil(r, 'm', (f) => f.includes('mail domain'));
    await pressUntil(r, 'q', () => exits.length > 0);
    expect(exits[0]).toEqual(['ok', 9]);
    r.unmount();
  });
});
