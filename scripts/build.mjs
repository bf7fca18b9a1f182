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
const cli = readFileSync(new URL('../dist/cli.cjs', import.meta.url));
// The launcher reads the bundle as latin1 (src/launch/code-cache.ts): V8 then holds it as a
// one-byte string, and the UTF-8 decoder is skipped. That is the same text only for ASCII;
// esbuild escapes non-ASCII everywhere except in tagged templates (esc`…`), where it must stay
// as written: write \u2026 there instead.
const at = cli.findIndex((b) => b > 0x7f);
if (at >= 0) {
  const line = cli.subarray(0, at).toString('latin1').split('\n').length;
  throw new Error(`dist/cli.cjs must be ASCII (line ${line}); escape the character in the source`);
}
// The code cache is keyed by the bundle's content (V8 itself checks only its length).
const buildId = createHash('sha256').update(cli).digest('hex').slice(0, 16);
await build(
  commonJsOptions('src/launch.ts', 'dist/launch.cjs', {
    SMTPSCOPE_CLI_BUILD_ID: JSON.stringify(buildId),
  }),
);
await build(bundleOptions(['src/ui/run.tsx'], 'dist/tui'));
