#!/usr/bin/env node
// Thin launcher, CommonJS (bin/package.json): Node starts CommonJS faster than an ES module.
// The bundles live in dist/, built by `npm ci` through the prepare script.
'use strict';
try {
  require.resolve('../dist/launch.cjs');
} catch {
  process.stderr.write('smtpscope: not built yet — run `npm ci` (or `npm run build`) first\n');
  process.exit(2);
}
require('../dist/launch.cjs');
