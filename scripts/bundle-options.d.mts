// Types for bench/run.ts, which builds its TUI harness with the shipped bundle's options.
import type { BuildOptions } from 'esbuild';

export function bundleOptions(entryPoints: string[], outdir: string): BuildOptions;
export function commonJsOptions(
  entry: string,
  outfile: string,
  define?: Record<string, string>,
): BuildOptions;
