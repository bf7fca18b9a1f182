// The TUI rendered for a test with the real engine (the CLI's factory), no colour, a fixed
// size: what most screen tests start from.
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/ui/App.js';
import type { AppProps } from '../../src/ui/App.js';
import { engineFactory } from '../../src/runner/engine-factory.js';
import type { ProbeOptions } from '../../src/model/index.js';

export function renderApp(
  options: ProbeOptions,
  o: { auto?: boolean; columns?: number; rows?: number } & Partial<AppProps> = {},
): ReturnType<typeof render> {
  const { auto = false, columns = 100, rows = 30, ...rest } = o;
  return render(
    <App
      options={options}
      auto={auto}
      color={false}
      factory={engineFactory}
      saveDir="."
      now={() => new Date()}
      onExit={() => undefined}
      size={{ columns, rows }}
      {...rest}
    />,
  );
}
