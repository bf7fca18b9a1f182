// Handshake-message reassembly (RFC 8446 §5.1, RFC 5246 §6.2.1): handshake messages may be split
// over several records and several may share one, so this cuts the concatenated fragments back
// into messages on the 4-byte header (type, uint24 length). It is separate from the record parser
// so a decryptor can push TLS 1.3's decrypted inner plaintext (whose content type is handshake)
// into a reassembler of its own. The declared length is checked against the cap before any body
// byte is buffered, so a peer announcing a 16 MiB message costs nothing.
import type { WireError } from './errors.js';
import { ByteQueue } from './byte-queue.js';
import { handshakeTypeName } from './registry/content-types.js';

export interface HandshakeMessage {
  readonly type: number;
  readonly typeName: string;
  /** The message body, without the 4-byte header. */
  readonly body: Uint8Array;
  /** Header and body: what goes into the transcript hash (RFC 8446 §4.4.1). */
  readonly raw: Uint8Array;
}

export interface ReassemblerOptions {
  /** Largest message accepted, body length (default 256 KiB: certificate chains run to ~30 KiB). */
  readonly maxMessageLength?: number;
  /** Most messages returned by one push (default 4096). */
  readonly maxMessagesPerPush?: number;
}

export interface ReassemblyResult {
  readonly messages: HandshakeMessage[];
  /** Set once the stream is unusable; later pushes return the same error and no messages. */
  readonly error: WireError | null;
}

export const DEFAULT_MAX_HANDSHAKE_MESSAGE = 256 * 1024;
export const DEFAULT_MAX_ITEMS_PER_PUSH = 4096;

export class HandshakeReassembler {
  private readonly queue = new ByteQueue();
  private readonly maxLength: number;
  private readonly maxMessages: number;
  private failure: WireError | null = null;
  private consumed = 0;

  constructor(options: ReassemblerOptions = {}) {
    this.maxLength = options.maxMessageLength ?? DEFAULT_MAX_HANDSHAKE_MESSAGE;
    this.maxMessages = options.maxMessagesPerPush ?? DEFAULT_MAX_ITEMS_PER_PUSH;
  }

  get error(): WireError | null {
    return this.failure;
  }

  /** Bytes of an incomplete message held back (non-zero at a key change is an error, §5.1). */
  get pendingBytes(): number {
    return this.queue.length;
  }

  push(bytes: Uint8Array): ReassemblyResult {
    if (this.failure) return { messages: [], error: this.failure };
    this.queue.append(bytes);
    const messages: HandshakeMessage[] = [];
    while (this.queue.length >= 4) {
      const length = (this.queue.at(1) << 16) | (this.queue.at(2) << 8) | this.queue.at(3);
      if (length > this.maxLength) {
        return this.stop(messages, {
          kind: 'message-too-large',
          detail: `${handshakeTypeName(this.queue.at(0))} of ${length} bytes is above the cap of ${this.maxLength}`,
          offset: this.consumed,
        });
      }
      if (this.queue.length < 4 + length) break;
      if (messages.length >= this.maxMessages) {
        return this.stop(messages, {
          kind: 'too-many-items',
          detail: `more than ${this.maxMessages} handshake messages in one push`,
          offset: this.consumed,
        });
      }
      const raw = this.queue.take(4 + length);
      this.consumed += raw.length;
      const type = raw[0] as number;
      messages.push({ type, typeName: handshakeTypeName(type), body: raw.subarray(4), raw });
    }
    return { messages, error: null };
  }

  private stop(messages: HandshakeMessage[], error: WireError): ReassemblyResult {
    this.failure = error;
    this.queue.clear();
    return { messages, error };
  }
}
