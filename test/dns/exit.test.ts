// The point of our own resolver: a lookup cut at its step's deadline is really over, so the
// process exits without the process.exit backstop getaddrinfo needed.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lab } from './helpers.js';

const child = fileURLToPath(new URL('./fixtures/deadline-child.ts', import.meta.url));

describe('no lookup outlives its step', () => {
  it('a process whose lookup hit the deadline exits on its own, long before the resolver timeout', async () => {
    const { server } = await lab({ records: [], names: { 'quiet.lab.test': { mode: 'silent' } } });
    const proc = spawn(process.execPath, ['--import', 'tsx', child, String(server.port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      // The resolver's own timeouts would keep it 90 s; 15 s covers a slow tsx start on 2 cores.
      const kill = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      proc.on('exit', (c) => {
        clearTimeout(kill);
        resolve(c);
      });
    });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({
      ok: false,
      reason: 'dns-timeout',
      message: 'cannot resolve quiet.lab.test: no answer from the resolver within 200 ms',
    });
    expect(performance.now() - started).toBeLessThan(10_000); // vs 30 s per try uncancelled
    expect(server.count('quiet.lab.test', 'A')).toBe(1);
  });
});
