// --plain shows what --json has: the EHLO replies and what TLS changed in them, the warnings.
import { describe, expect, it } from 'vitest';
import { judge } from '../../src/policy/verdict.js';
import { renderSummary } from '../../src/report/plain.js';
import { facts, resultOf } from '../support/facts.js';

describe('--plain summary', () => {
  it('lists the EHLO extensions before and inside TLS, the difference and its warnings', () => {
    const text = renderSummary(
      judge(
        resultOf(
          facts({
            ehloBefore: {
              greeting: 'mx',
              extensions: { STARTTLS: [], AUTH: ['PLAIN'], SIZE: ['100'] },
              rawExtensions: { STARTTLS: [], AUTH: ['PLAIN'], SIZE: ['100'] },
            },
            ehloAfter: {
              greeting: 'mx',
              extensions: { AUTH: ['PLAIN'], SIZE: ['200'] },
              rawExtensions: { AUTH: ['PLAIN'], SIZE: ['200'] },
            },
            ehloDiff: {
              appeared: [],
              vanished: ['STARTTLS'],
              changed: [{ keyword: 'SIZE', before: ['100'], after: ['200'] }],
            },
            findings: [
              { code: 'auth-before-tls', mechanisms: ['PLAIN'] },
              { code: 'size-changed', before: ['100'], after: ['200'] },
            ],
          }),
        ),
      ),
    );
    expect(text).toContain('EHLO:     before TLS: STARTTLS AUTH SIZE');
    expect(text).toContain('          inside TLS: AUTH SIZE');
    expect(text).toContain('          changed by TLS: vanished STARTTLS; SIZE 100 → 200');
    expect(text).toMatch(/^Note: {5}AUTH \(PLAIN\) is offered before TLS/m);
    expect(text).toMatch(/^Note: {5}SIZE changed from 100 to 200 after TLS\./m);
  });
});
