// Spawn the real CLI (bin/smtpscope.js → dist/launch.cjs → dist/cli.cjs) as a user would, without a TTY.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/smtpscope.js', import.meta.url));

/** Arguments that point the CLI at a lab server: the lab names and the test PKI's root. */
export function labArgs(
  port: number,
  rootFile: string,
  timeoutMs?: number,
  host = '127.0.0.1',
): string[] {
  return [
    `${host}:${port}`,
    '--sni',
    'mx.lab.test',
    '--verify-name',
    'mx.lab.test',
    '--ca-file',
    rootFile,
    ...(timeoutMs === undefined ? [] : ['--timeout', String(timeoutMs)]),
  ];
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  timeoutMs = 30_000,
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`smtpscope ${args.join(' ')} did not exit within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
