// One SNI rule for the handshake, the step preview and the TUI header (RFC 6066 §3).
import { describe, expect, it } from 'vitest';
import { sniFor } from '../../src/tls/sni.js';

describe('sniFor', () => {
  it('sends the host name by default and --sni when given', () => {
    expect(sniFor({ host: 'mx.lab.test' })).toBe('mx.lab.test');
    expect(sniFor({ host: '127.0.0.1', sni: 'mx.lab.test' })).toBe('mx.lab.test');
  });
  it('never sends an IP literal, and nothing after --no-sni', () => {
    expect(sniFor({ host: '127.0.0.1' })).toBeNull();
    expect(sniFor({ host: '::1' })).toBeNull();
    expect(sniFor({ host: 'mx.lab.test', sni: null })).toBeNull();
  });
});
