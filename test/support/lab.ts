// Start a lab server by hand, for trying the tool or benchmarking it:
//   npx tsx test/support/lab.ts [certCase] [postfix]
// prints the port and the root CA file, and runs until interrupted.
import { ensureTestPki } from './pki.js';
import type { CertCaseName } from './pki.js';
import { startTestServer } from './smtp-server.js';
import { postfixAvailable, startPostfix } from './postfix.js';

const certCase = (process.argv[2] ?? 'valid') as CertCaseName;
const usePostfix = process.argv[3] === 'postfix';
const pki = await ensureTestPki();
const c = pki.cases[certCase];
let stop: () => Promise<void>;
let port: number;
if (usePostfix) {
  const ok = postfixAvailable();
  if (!ok.ok) throw new Error(ok.reason);
  const p = await startPostfix(pki, { certCase });
  port = p.port;
  stop = () => p.stop();
} else {
  const s = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
  port = s.port;
  stop = () => s.close();
}
console.log(`port=${port} root=${pki.rootFile}`);
// Postfix runs as its own daemon, so nothing of ours would keep the event loop alive: without
// this timer the script exited at once, leaving the instance running and its directory behind.
const keepAlive = setInterval(() => {}, 1 << 30);
const shutdown = (): void => {
  void stop().then(() => {
    clearInterval(keepAlive);
    process.exit(0);
  });
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
