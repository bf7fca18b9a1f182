// Bundles src/cli.ts into dist/ with esbuild. Code splitting keeps Ink and React in their own
// chunk, loaded only when the TUI runs, so `--json`/`--plain`/`--version` start fast.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { bundleOptions } from './bundle-options.mjs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build(bundleOptions(['src/cli.ts'], 'dist'));
