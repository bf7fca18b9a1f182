// Which tool wrote a report, for whoever reads it later (the JSON's `tool`). The version is the
// package's, put in by the bundler (scripts/bundle-options.mjs); unbundled (tests) it says so.
declare const SMTPSCOPE_VERSION: string | undefined;

export const TOOL = {
  name: 'smtpscope',
  version: typeof SMTPSCOPE_VERSION === 'string' ? SMTPSCOPE_VERSION : '0.0.0-dev',
} as const;
