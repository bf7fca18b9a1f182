// The process entry (bin/smtpscope.js → dist/launch.cjs): evaluates the CLI bundle through the
// V8 code cache (src/launch/code-cache.ts) and hands it the loader of the TUI bundle.
import { join } from 'node:path';
import type { LoadTui, runCli } from './cli.js';
import { cacheDir, loadWithCodeCache } from './launch/code-cache.js';
import type { CacheKind } from './launch/code-cache.js';

/** sha-256 prefix of dist/cli.cjs, set by scripts/build.mjs. */
declare const SMTPSCOPE_CLI_BUILD_ID: string;

// A variable, so neither TypeScript nor esbuild tries to resolve the built file from src/.
const TUI_BUNDLE = './tui/run.js';
const loadTui: LoadTui = () => import(TUI_BUNDLE) as ReturnType<LoadTui>;

const cli = loadWithCodeCache<{ runCli: typeof runCli }>(
  join(__dirname, 'cli.cjs'),
  SMTPSCOPE_CLI_BUILD_ID,
  cacheDir(process.env),
);
let kind: CacheKind = 'basic';
// 'exit' also follows process.exit() (usage errors, --help): the cache is written synchronously.
process.once('exit', () => cli.save(kind));
void cli.exports.runCli(process.argv, loadTui).then((r) => {
  if (r.probed) kind = 'probe';
});
