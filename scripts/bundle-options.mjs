// The esbuild options of the shipped bundle, shared by scripts/build.mjs and the benchmark's
// TUI harness (bench/run.ts), so the benchmark measures the code users run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * yoga-layout (Ink's layout engine) carries its WebAssembly as a base64 data: URL and, when
 * `fetch` exists, loads it through fetch — which makes Node load undici and URL-decode the
 * whole binary (~20–30 ms of the TUI's first frame). Its own fallback decodes the base64
 * directly; make the loader take it. Fails the build if the pattern is gone, so an upgrade of
 * yoga-layout cannot silently lose (or break) this.
 */
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const pattern = '"function"!=typeof fetch';
      if (!src.includes(pattern))
        throw new Error(`yoga-without-fetch: pattern not found in ${args.path}`);
      return { contents: src.replaceAll(pattern, '!0'), loader: 'js' };
    });
  },
};

/**
 * Ink and its helpers measure text with `string-width`; point them at src/ui/string-width-shim.ts
 * (a fast path for text that needs no Unicode segmentation, see src/ui/text-width.ts). Only the
 * shim itself reaches the real package.
 */
const shim = fileURLToPath(new URL('../src/ui/string-width-shim.ts', import.meta.url));
const stringWidthShim = {
  name: 'string-width-shim',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer === shim ? undefined : { path: shim },
    );
  },
};

/**
 * Commander requires node:child_process when it loads, for executable subcommands (`git-foo`
 * style), which smtpscope has none of; loading it costs ~4 ms of every start (it pulls in
 * dgram, net and the child-process internals). Defer the require to the one place that spawns.
 * Fails the build if the line is gone, so an upgrade of commander cannot silently lose this.
 */
const commanderWithoutChildProcess = {
  name: 'commander-without-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!src.includes(line))
        throw new Error(`commander-without-child-process: line not found in ${args.path}`);
      const lazy =
        "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: src.replace(line, lazy), loader: 'js' };
    });
  },
};

/** Options for bundling `entryPoints` into `outdir` (ESM, split, dependencies bundled). */
export function bundleOptions(entryPoints, outdir) {
  return {
    entryPoints,
    outdir,
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
    plugins: [yogaWithoutFetch, stringWidthShim],
  };
}

/**
 * One CommonJS file (`--json`, `--plain`, `--version` and the launcher): Node loads CommonJS
 * faster than an ES module graph, and only CommonJS can go through V8's code cache on Node 20
 * (src/launch/code-cache.ts). Nothing of Ink or React is reachable from these entries.
 */
export function commonJsOptions(entry, outfile, define = {}) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: {
      'process.env.NODE_ENV': '"production"',
      SMTPSCOPE_VERSION: JSON.stringify(pkg.version),
      ...define,
    },
    minifySyntax: true,
    // No comments or indentation: a third less to read and hash at every start (~4 ms of
    // `--version`). Names stay, so a stack trace (SMTPSCOPE_DEBUG=1) still reads.
    minifyWhitespace: true,
    logLevel: 'warning',
    plugins: [commanderWithoutChildProcess],
  };
}
