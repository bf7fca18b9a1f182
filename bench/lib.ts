// Small helpers for the benchmark: timed child processes, medians, a table.
import { spawn } from 'node:child_process';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
}

/** Wall time of one child process, from spawn to exit. */
export function timed(
  cmd: string,
  args: string[],
  input?: string,
  timeoutMs = 30_000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code, stdout });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

export async function medianOf(runs: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await f());
  return median(xs);
}

export function table(rows: [string, string, string][]): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`).join('\n');
}

export const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
