// Time from launching the TUI in a pseudo-terminal (util-linux `script`, 100×30) to its first
// frame: the first output chunk that holds the step list's heading. A pty read is exact to the
// chunk; polling tmux's capture-pane added its own ~50–100 ms of jitter on these machines.
import { spawn, spawnSync } from 'node:child_process';

/** Why the measurement cannot run here, or null. */
export function ptyUnavailable(): string | null {
  return spawnSync('script', ['--version']).status === 0
    ? null
    : 'util-linux `script` is not installed (Debian: bsdutils)';
}

/** The same measurement for a node that prints the marker at once: the floor. */
export function ptyFloorMs(): Promise<number> {
  return timeToMarker(
    `exec ${process.execPath} -e "console.log('Steps'); setTimeout(() => {}, 5000)"`,
  );
}

export function firstFrameMs(bin: string, port: number, rootFile: string): Promise<number> {
  return timeToMarker(
    `exec ${process.execPath} ${bin} 127.0.0.1:${port} --sni mx.lab.test --verify-name mx.lab.test --ca-file ${rootFile}`,
  );
}

function timeToMarker(cmd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    // -q quiet, -f flush each write, -e pass the exit code, -c the command; the log is /dev/null.
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; ${cmd}`, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('no TUI frame within 10 s'));
    }, 10_000);
    child.stdout.on('data', (d: Buffer) => {
      // Keep only a tail: the marker may straddle two chunks.
      seen = (seen + d.toString()).slice(-4096);
      if (!seen.includes('Steps')) return;
      const ms = performance.now() - t0;
      clearTimeout(timer);
      // Closing the pty hangs up the TUI (SIGHUP), which ends it.
      child.kill('SIGKILL');
      resolve(ms);
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
