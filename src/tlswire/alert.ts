// Alert messages (RFC 8446 §6, RFC 5246 §7.2): two bytes, a level and a description. TLS 1.2 and
// older may pack several into one record, so the record layer uses parseAlerts.
import { type Result, attempt, fail } from './errors.js';
import { ByteReader } from './reader.js';
import { ALERT_LEVELS, alertDescriptionName, type AlertLevelName } from './registry/alerts.js';

export interface Alert {
  readonly level: number;
  /** 'unknown' for a level other than 1 and 2 (TLS 1.3 ignores the level, §6). */
  readonly levelName: AlertLevelName | 'unknown';
  readonly description: number;
  readonly descriptionName: string;
}

export function parseAlert(bytes: Uint8Array): Result<Alert> {
  return attempt(() => {
    const r = new ByteReader(bytes);
    const alert = readAlert(r);
    r.end('alert');
    return alert;
  });
}

export function parseAlerts(fragment: Uint8Array): Result<Alert[]> {
  if (fragment.length === 0 || fragment.length % 2 !== 0) {
    return fail(
      'bad-alert',
      `alert record of ${fragment.length} bytes is not whole two-byte alerts`,
    );
  }
  return attempt(() => {
    const r = new ByteReader(fragment);
    const out: Alert[] = [];
    while (r.remaining > 0) out.push(readAlert(r));
    return out;
  });
}

function readAlert(r: ByteReader): Alert {
  const level = r.u8('alert level');
  const description = r.u8('alert description');
  return {
    level,
    levelName: ALERT_LEVELS[level] ?? 'unknown',
    description,
    descriptionName: alertDescriptionName(description),
  };
}
