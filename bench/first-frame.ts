// Time from launching the TUI in a real terminal (tmux) to its first frame on screen.
import { execFileSync } from 'node:child_process';

let runs = 0;

/** The same measurement for a command that prints the marker at once: tmux's own overhead. */
export async function tmuxFloorMs(): Promise<number> {
  return timeToMarker(`${process.execPath} -e "console.log('Steps'); setTimeout(() => {}, 5000)"`);
}

export async function firstFrameMs(bin: string, port: number, rootFile: string): Promise<number> {
  return timeToMarker(
    `${process.execPath} ${bin} 127.0.0.1:${port} --sni mx.lab.test --verify-name mx.lab.test --ca-file ${rootFile}`,
  );
}

async function timeToMarker(cmd: string): Promise<number> {
  runs += 1;
  const sock = `smtpscope-bench-${process.pid}-${runs}`;
  const tmux = (...a: string[]): string =>
    execFileSync('tmux', ['-L', sock, ...a], { encoding: 'utf8' });
  tmux('new-session', '-d', '-s', 'idle', '-x', '100', '-y', '30');
  try {
    const t0 = performance.now();
    tmux('new-window', '-t', 'idle', '-n', 'tui', cmd);
    // Poll the pane (each capture is a few ms; bounded to 5 s).
    for (let i = 0; i < 2000; i++) {
      if (tmux('capture-pane', '-p', '-t', 'idle:tui').includes('Steps'))
        return performance.now() - t0;
    }
    throw new Error('no TUI frame within the polling budget');
  } finally {
    execFileSync('tmux', ['-L', sock, 'kill-server']);
  }
}
