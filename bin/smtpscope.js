#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/ (built by `npm ci` through the prepare script).
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('smtpscope: not built yet — run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw err;
});
