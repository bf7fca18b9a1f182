// The sans-IO record layer reader (RFC 8446 §5, RFC 5246 §6.2): feed it whatever bytes arrived,
// in any chunking, and it returns the complete records, the handshake messages reassembled from
// plaintext handshake records, and the alerts of plaintext alert records. No sockets, no timers:
// the caller owns I/O. Memory is bounded: at most one incomplete record (5 + cap bytes) plus one
// incomplete handshake message (4 + cap bytes) is held, and one push returns at most a capped
// number of items. Any violation ends the stream with a typed error (TLS cannot resynchronise).
import type { Alert } from './alert.js';
import { parseAlerts } from './alert.js';
import { ByteQueue } from './byte-queue.js';
import type { WireError } from './errors.js';
import {
  DEFAULT_MAX_HANDSHAKE_MESSAGE,
  DEFAULT_MAX_ITEMS_PER_PUSH,
  type HandshakeMessage,
  HandshakeReassembler,
} from './handshake-reassembler.js';
import { CONTENT_TYPES, type ContentTypeName } from './registry/content-types.js';
import { TLS13 } from './registry/versions.js';
import { parseServerHello } from './server-hello.js';

/** RFC 5246 §6.2.3 / RFC 8446 §5.2: TLSCiphertext.length never exceeds 2^14 + 2048. */
export const MAX_CIPHERTEXT_LENGTH = 2 ** 14 + 2048;
const HEADER = 5;

export interface TlsRecord {
  readonly contentType: number;
  readonly typeName: ContentTypeName;
  /** legacy_record_version: 0x0300 for SSL 3.0 … 0x0303; TLS 1.3 ignores it (§5.1). */
  readonly version: number;
  readonly fragment: Uint8Array;
  /** Offset of the record's first header byte in the stream pushed so far. */
  readonly offset: number;
  /** True if the record arrived after encryption started: its fragment is opaque ciphertext. */
  readonly encrypted: boolean;
}

export type RecordItem =
  | { readonly kind: 'record'; readonly record: TlsRecord }
  | { readonly kind: 'handshake'; readonly message: HandshakeMessage }
  | { readonly kind: 'alert'; readonly alert: Alert };

export interface PushResult {
  readonly items: RecordItem[];
  /** Set once the stream is unusable; items before the failure are still returned. */
  readonly error: WireError | null;
}

export interface RecordParserOptions {
  /** Longest record fragment accepted (default 2^14 + 2048). */
  readonly maxRecordLength?: number;
  /** Largest handshake message body (default 256 KiB). */
  readonly maxHandshakeMessage?: number;
  /** Most items one push may return (default 4096). */
  readonly maxItemsPerPush?: number;
  /**
   * Switch to encrypted mode by itself (default true): after a ServerHello that selects TLS 1.3
   * (its next records are protected, RFC 8446 §2), and after a ChangeCipherSpec unless a TLS 1.3
   * HelloRetryRequest was seen (then CCS is the §D.4 compatibility dummy and the next ServerHello
   * is still in the clear). Off: the caller calls setEncrypted() itself.
   */
  readonly autoEncrypt?: boolean;
}

export class RecordParser {
  private readonly queue = new ByteQueue();
  private readonly handshake: HandshakeReassembler;
  private readonly maxRecord: number;
  private readonly maxItems: number;
  private readonly auto: boolean;
  private isEncrypted = false;
  private sawHrr = false;
  private streamOffset = 0;
  private failure: WireError | null = null;

  constructor(options: RecordParserOptions = {}) {
    this.maxRecord = options.maxRecordLength ?? MAX_CIPHERTEXT_LENGTH;
    this.maxItems = options.maxItemsPerPush ?? DEFAULT_MAX_ITEMS_PER_PUSH;
    this.auto = options.autoEncrypt ?? true;
    this.handshake = new HandshakeReassembler({
      maxMessageLength: options.maxHandshakeMessage ?? DEFAULT_MAX_HANDSHAKE_MESSAGE,
      maxMessagesPerPush: this.maxItems,
    });
  }

  get encrypted(): boolean {
    return this.isEncrypted;
  }

  get error(): WireError | null {
    return this.failure;
  }

  /** Bytes held back for an incomplete record. */
  get bufferedBytes(): number {
    return this.queue.length;
  }

  /**
   * From the next record on, return records opaque. A handshake message left half-done is an
   * error (RFC 8446 §5.1: messages MUST NOT span a key change); it is reported on the next push.
   */
  setEncrypted(): void {
    if (!this.isEncrypted && this.handshake.pendingBytes > 0 && !this.failure) {
      this.failure = {
        kind: 'bad-value',
        detail: 'a handshake message spans the change to encryption',
      };
    }
    this.isEncrypted = true;
  }

  /** Tell the parser a HelloRetryRequest happened (for a client-direction parser in auto mode). */
  noteHelloRetryRequest(): void {
    this.sawHrr = true;
  }

  push(bytes: Uint8Array): PushResult {
    const items: RecordItem[] = [];
    if (this.failure) return { items, error: this.failure };
    this.queue.append(bytes);
    while (this.queue.length >= HEADER) {
      const type = this.queue.at(0);
      const typeName = CONTENT_TYPES[type];
      if (!typeName) return this.stop(items, 'bad-content-type', `content type ${type} is not TLS`);
      const major = this.queue.at(1);
      if (major !== 3)
        return this.stop(items, 'bad-record-version', `record version major ${major} is not 3`);
      const length = (this.queue.at(3) << 8) | this.queue.at(4);
      if (length > this.maxRecord) {
        return this.stop(
          items,
          'record-overflow',
          `record of ${length} bytes is above ${this.maxRecord}`,
        );
      }
      if (this.queue.length < HEADER + length) break;
      if (items.length >= this.maxItems)
        return this.stop(items, 'too-many-items', `more than ${this.maxItems} items in one push`);
      const raw = this.queue.take(HEADER + length);
      const record: TlsRecord = {
        contentType: type,
        typeName,
        version: (major << 8) | (raw[2] as number),
        fragment: raw.subarray(HEADER),
        offset: this.streamOffset,
        encrypted: this.isEncrypted,
      };
      this.streamOffset += raw.length;
      items.push({ kind: 'record', record });
      const error = this.interpret(record, items) ?? this.failure;
      if (error) return this.stop(items, error.kind, error.detail, error.offset);
    }
    return { items, error: null };
  }

  /** What a plaintext record means beyond itself: handshake messages, alerts, a mode switch. */
  private interpret(record: TlsRecord, items: RecordItem[]): WireError | null {
    if (record.encrypted) return null;
    switch (record.typeName) {
      case 'handshake': {
        const got = this.handshake.push(record.fragment);
        for (const message of got.messages) {
          if (items.length >= this.maxItems) {
            return {
              kind: 'too-many-items',
              detail: `more than ${this.maxItems} items in one push`,
            };
          }
          items.push({ kind: 'handshake', message });
          if (this.auto && message.typeName === 'server_hello') this.afterServerHello(message);
        }
        // Report stream offsets, not offsets inside the reassembled handshake bytes.
        return got.error ? { ...got.error, offset: record.offset } : null;
      }
      case 'alert': {
        const alerts = parseAlerts(record.fragment);
        if (!alerts.ok) return { ...alerts.error, offset: record.offset };
        for (const alert of alerts.value) {
          if (items.length >= this.maxItems) {
            return {
              kind: 'too-many-items',
              detail: `more than ${this.maxItems} items in one push`,
            };
          }
          items.push({ kind: 'alert', alert });
        }
        return null;
      }
      case 'change_cipher_spec':
        if (this.auto && !this.sawHrr) this.setEncrypted();
        return this.failure;
      case 'application_data':
        return null;
    }
  }

  private afterServerHello(message: HandshakeMessage): void {
    const hello = parseServerHello(message.body);
    if (!hello.ok || hello.value.selectedVersion !== TLS13) return;
    if (hello.value.isHelloRetryRequest) this.sawHrr = true;
    else this.setEncrypted();
  }

  private stop(
    items: RecordItem[],
    kind: WireError['kind'],
    detail: string,
    offset?: number,
  ): PushResult {
    this.failure = { kind, detail, offset: offset ?? this.streamOffset };
    this.queue.clear();
    return { items, error: this.failure };
  }
}
