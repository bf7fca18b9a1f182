// Bundles src/cli.ts into dist/ with esbuild. Code splitting keeps Ink and React in their own
// chunk, loaded only when the TUI runs, so `--json`/`--plain`/`--version` start fast.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundle the dependencies too: tree-shaking and one file per chunk cut the TUI's start-up
  // (importing Ink's dependency tree file by file costs ~220 ms on these machines).
  external: ['react-devtools-core'],
  define: {
    'process.env.NODE_ENV': '"production"',
    SMTPSCOPE_VERSION: JSON.stringify(pkg.version),
  },
  minifySyntax: true,
  banner: {
    js: "import { createRequire as __smtpscopeRequire } from 'node:module'; const require = __smtpscopeRequire(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
  jsx: 'automatic',
});
