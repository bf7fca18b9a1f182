// Bundles the CLI into dist/ with esbuild, in three parts:
// - dist/cli.cjs: the command, reports and engine as one CommonJS file, loaded through V8's
//   code cache by dist/launch.cjs (the process entry, see src/launch.ts);
// - dist/tui/: the Ink app as ES modules (Ink needs top-level await), loaded only when the TUI
//   runs, so `--json`/`--plain`/`--version` never parse React.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { bundleOptions, commonJsOptions } from './bundle-options.mjs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build(commonJsOptions('src/cli.ts', 'dist/cli.cjs'));
// The code cache is keyed by the bundle's content (V8 itself checks only its length).
const buildId = createHash('sha256')
  .update(readFileSync(new URL('../dist/cli.cjs', import.meta.url)))
  .digest('hex')
  .slice(0, 16);
await build(
  commonJsOptions('src/launch.ts', 'dist/launch.cjs', {
    SMTPSCOPE_CLI_BUILD_ID: JSON.stringify(buildId),
  }),
);
await build(bundleOptions(['src/ui/run.tsx'], 'dist/tui'));
