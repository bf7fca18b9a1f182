// Launches the TUI (loaded lazily by src/cli.ts, so reports never load React): the start form
// when there is no target, then the session screen. Resolves with the exit code on quit.
import React, { useState } from 'react';
import { render, useApp } from 'ink';
import type { ProbeOptions } from '../model/index.js';
import { App } from './App.js';
import { StartForm } from './StartForm.js';
import type { SessionFactory } from './use-session.js';

export interface TuiLaunch {
  options: ProbeOptions | null;
  auto: boolean;
  color: boolean;
  /**
   * The engine, handed in by the CLI bundle: the TUI bundle carries no copy of its own, so one
   * engine runs whichever way the tool is used.
   */
  factory: SessionFactory;
}

export function Root(
  props: TuiLaunch & { saveDir?: string; onExit: (code: number) => void },
): React.JSX.Element {
  const [options, setOptions] = useState<ProbeOptions | null>(props.options);
  const { exit } = useApp();
  const done = (code: number): void => {
    props.onExit(code);
    exit();
  };
  if (!options)
    return <StartForm color={props.color} onStart={setOptions} onQuit={() => done(0)} />;
  return (
    <App
      options={options}
      auto={props.auto}
      color={props.color}
      factory={props.factory}
      saveDir={props.saveDir ?? process.cwd()}
      now={() => new Date()}
      onExit={done}
    />
  );
}

export async function runTui(launch: TuiLaunch): Promise<number> {
  let code = 0;
  const instance = render(<Root {...launch} onExit={(c) => (code = c)} />, { exitOnCtrlC: false });
  await instance.waitUntilExit();
  return code;
}
