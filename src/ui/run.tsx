// Launches the TUI (loaded lazily by src/cli.ts, so reports never load React): the start form
// when there is no target, then the session screen. Resolves with the exit code on quit: the
// one --json would give for the last attempt (the CLI hands its table in: ui sits below cli).
import React, { useRef, useState } from 'react';
import { render, useApp, useStdout } from 'ink';
import type { ProbeOptions } from '../model/index.js';
import type { VerdictStatus } from '../model/verdict.js';
import { App } from './App.js';
import { StartForm } from './StartForm.js';
import type { SessionFactory } from './use-session.js';
import type { ScanTool } from './state/scan.js';
import type { TuiPolicy } from './state/policy.js';
import { PolicyPick } from './PolicyPick.js';
import type { PolicyChoice } from './PolicyPick.js';

export interface TuiLaunch {
  options: ProbeOptions | null;
  auto: boolean;
  color: boolean;
  /**
   * The engine, handed in by the CLI bundle: the TUI bundle carries no copy of its own, so one
   * engine runs whichever way the tool is used.
   */
  factory: SessionFactory;
  /**
   * Exit code per verdict status (the CLI's EXIT_CODES). Without it the TUI exits 0 whatever
   * it found.
   */
  exitCodes?: Record<VerdictStatus, number>;
  /** Key x: the CLI bundle's scan (src/scan), so the TUI bundle carries no copy of it. */
  scan?: ScanTool;
  /** A mail domain: its policy, shown first, where the MX address to step through is picked. */
  policy?: TuiPolicy;
}

export function Root(
  props: TuiLaunch & {
    saveDir?: string;
    onExit: (status: VerdictStatus | null, domainExit?: number) => void;
  },
): React.JSX.Element {
  const [options, setOptions] = useState<ProbeOptions | null>(props.options);
  const [picking, setPicking] = useState(props.policy !== undefined);
  // The last attempt's outcome, for quitting from the MX list after it.
  const last = useRef<{ status: VerdictStatus; domainExit?: number | undefined } | null>(null);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const done = (status: VerdictStatus | null, domainExit?: number): void => {
    props.onExit(status, domainExit);
    exit();
  };
  if (picking && props.policy && props.options) {
    const base = props.options;
    const pick = (c: PolicyChoice): void => {
      // The MX host name is what a sender connects to and verifies (RFC 7672 §3.2.2, RFC 8461 §4.2).
      setOptions({ ...base, host: c.mx.name, address: c.address, asMx: true });
      setPicking(false);
    };
    return (
      <PolicyPick
        policy={props.policy}
        color={props.color}
        columns={stdout.columns || 80}
        onPick={pick}
        onQuit={() => done(last.current?.status ?? null, last.current?.domainExit)}
      />
    );
  }
  if (!options)
    return <StartForm color={props.color} onStart={setOptions} onQuit={() => done(null)} />;
  return (
    <App
      key={`${options.host}|${options.address ?? ''}`}
      {...(props.policy
        ? {
            onPickMx: (status: VerdictStatus, domainExit?: number) => {
              last.current = { status, domainExit };
              setPicking(true);
            },
          }
        : {})}
      {...(props.policy?.judge ? { judgeAsMx: props.policy.judge } : {})}
      options={options}
      auto={props.auto}
      color={props.color}
      factory={props.factory}
      {...(props.scan ? { scan: props.scan } : {})}
      saveDir={props.saveDir ?? process.cwd()}
      now={() => new Date()}
      onExit={done}
    />
  );
}

export async function runTui(launch: TuiLaunch): Promise<number> {
  let status: VerdictStatus | null = null;
  let domainExit: number | undefined;
  const instance = render(
    <Root
      {...launch}
      onExit={(s, d) => {
        status = s;
        domainExit = d;
      }}
    />,
    {
      exitOnCtrlC: false,
    },
  );
  await instance.waitUntilExit();
  // Ink leaves the cursor at the end of its last frame: the shell's next line starts below it.
  if (process.stdout.isTTY) process.stdout.write('\n');
  return domainExit ?? exitCodeOf(status, launch.exitCodes);
}

/** Quitting the start form (no attempt) is 0, as is a TUI launched without the table. */
export function exitCodeOf(
  status: VerdictStatus | null,
  codes: Record<VerdictStatus, number> | undefined,
): number {
  return status === null || !codes ? 0 : codes[status];
}
