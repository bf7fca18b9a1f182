// `smtpscope TARGET --scan`: resolve once, run the scan (src/scan/), print JSON or tables, and
// exit with the scan's own codes (SCAN_EXIT_CODES). Reuses the probe's parsed options (host,
// port, TLS mode, EHLO name, SNI, verify name, CA files, timeout).
import { resolveAddresses } from '../dns/index.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import { renderScanJson } from '../report/scan-json.js';
import { renderScanPlain } from '../report/scan-plain.js';
import { runScan } from '../scan/scan.js';
import type { ScanResult } from '../scan/types.js';
import { UsageError } from '../input/choice.js';
import { sniFor } from '../tls/sni.js';
import { EXIT_SCAN, scanExitCode } from './exit-codes-scan.js';

export async function runScanCli(
  spec: ProbeSpec,
  limits: { budget: number; concurrency: number },
  output: 'json' | 'plain',
): Promise<number> {
  if (spec.tlsMode === 'none')
    throw new UsageError('--scan needs TLS (--tls starttls or implicit)');
  const controller = new AbortController();
  let interrupted: number | null = null;
  const onInt = (): void => {
    interrupted = 130;
    controller.abort();
  };
  process.once('SIGINT', onInt);
  const resolved = await resolveAddresses(spec.host, spec.family, {
    timeoutMs: spec.timeoutMs,
    signal: controller.signal,
  });
  if (!resolved.ok) {
    process.off('SIGINT', onInt);
    process.stderr.write(`smtpscope: cannot resolve ${spec.host}: ${resolved.reason}\n`);
    return EXIT_SCAN.unreachable;
  }
  const address = resolved.addresses[0]?.address ?? spec.host;
  const result: ScanResult = await runScan({
    host: spec.host,
    address,
    port: spec.port,
    tlsMode: spec.tlsMode,
    ehloName: spec.ehloName,
    sni: sniFor(spec),
    verifyName: spec.verifyName ?? spec.host,
    caPems: spec.caPems ?? [],
    caOnly: spec.caOnly === true,
    timeoutMs: spec.timeoutMs,
    budget: limits.budget,
    concurrency: limits.concurrency,
    signal: controller.signal,
  });
  process.off('SIGINT', onInt);
  process.stdout.write(output === 'json' ? renderScanJson(result) : renderScanPlain(result));
  return interrupted ?? scanExitCode(result);
}
