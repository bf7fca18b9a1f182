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
import { escapeText } from '../smtp/escape.js';
import { scanSpecFor, type ScanLimits } from '../scan/spec.js';
import { trapInterrupts } from './interrupt.js';
import { EXIT_SCAN, scanExitCode } from './exit-codes-scan.js';

export async function runScanCli(
  spec: ProbeSpec,
  limits: ScanLimits,
  output: 'json' | 'plain',
): Promise<number> {
  const tlsMode = spec.tlsMode;
  if (tlsMode === 'none') throw new UsageError('--scan needs TLS (--tls starttls or implicit)');
  const controller = new AbortController();
  // Ctrl-C / SIGTERM: the scan stops, what it found is printed, 130 / 143.
  const interrupts = trapInterrupts(() => controller.abort());
  const resolved = await resolveAddresses(spec.host, spec.family, {
    timeoutMs: spec.timeoutMs,
    signal: controller.signal,
  });
  if (!resolved.ok) {
    interrupts.release();
    process.stderr.write(
      `smtpscope: cannot resolve ${escapeText(spec.host)}: ${resolved.reason}\n`,
    );
    return interrupts.code() ?? EXIT_SCAN.unreachable;
  }
  const address = resolved.addresses[0]?.address ?? spec.host;
  const result: ScanResult = await runScan(
    scanSpecFor({ ...spec, tlsMode }, address, limits, { signal: controller.signal }),
  );
  interrupts.release();
  process.stdout.write(output === 'json' ? renderScanJson(result) : renderScanPlain(result));
  return interrupts.code() ?? scanExitCode(result);
}
