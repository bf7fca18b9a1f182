// The handshake ladder: the tapped bytes of both directions (src/tls/tap.ts), replayed in time
// order through the sans-IO codec (src/tlswire), message by message. TLS 1.3's encrypted flight
// is opened with keys expanded from the secrets OpenSSL logged (RFC 8446 §7.3): the server's
// handshake traffic secret for EncryptedExtensions … Finished, its application traffic secret
// for the NewSessionTickets after; the client's handshake secret for its Finished. Decryption
// stops at the first application data either way: the SMTP session is not the ladder's business.
// TLS 1.2 sends all but the Finished in the clear; the Finished is shown by size.
import type { HandshakeDir, HandshakeStep } from '../model/tls.js';
import {
  HandshakeReassembler,
  type HandshakeMessage,
  RecordParser,
  type RecordItem,
  TLS13,
  alertDescriptionName,
  cipherSuiteName,
  groupName,
  parseHandshakeMessage,
  summarizeClientHello,
  versionName,
} from '../tlswire/index.js';
import { RecordOpener } from './decrypt.js';
import { fieldsOf } from './ladder-fields.js';
import type { TapChunk } from './tap.js';
import { suiteKeying, trafficKeys } from './tls13-keys.js';

/** Most steps kept: a real handshake has about a dozen; a hostile peer gets no more. */
const MAX_STEPS = 64;

export interface Ladder {
  steps: HandshakeStep[];
  /** The server's signature scheme (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange). */
  signatureScheme: string | null;
  helloRetry: boolean;
  /** What the first ClientHello offered, as registry names. */
  offered: { versions: string[]; suites: string[]; groups: string[] } | null;
  /** The last message before the end (alerts and change_cipher_spec not counted). */
  lastMessage: { dir: HandshakeDir; type: string } | null;
  /** The first alert seen, and who sent it. */
  alert: { dir: HandshakeDir; description: string; level: string } | null;
  /** Both directions are past the handshake: bytes that come later cannot change the ladder. */
  settled: boolean;
}

interface Side {
  readonly parser: RecordParser;
  readonly reassembler: HandshakeReassembler;
  opener: RecordOpener | null;
  /** Nothing more to show in this direction (application data, or a record that did not open). */
  done: boolean;
  finished: boolean;
}

const LABELS = {
  C: { handshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', application: null },
  S: { handshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET', application: 'SERVER_TRAFFIC_SECRET_0' },
} as const;

/** The ladder of `chunks`, built in one go (a failed handshake, the tests). */
export function buildLadder(
  chunks: readonly TapChunk[],
  secrets: ReadonlyMap<string, Buffer>,
): Ladder {
  return ladderBuilder(secrets).feed(chunks);
}

export interface LadderBuilder {
  /**
   * Takes the chunks recorded since the last call (`chunks` is the tap's whole, growing list)
   * and returns the ladder so far. A session builds its ladder after the handshake and again
   * after later stages, when the NewSessionTickets are in: each build continues the last one
   * instead of decrypting the whole flight again.
   */
  feed(chunks: readonly TapChunk[]): Ladder;
}

export function ladderBuilder(secrets: ReadonlyMap<string, Buffer>): LadderBuilder {
  const out: Ladder = {
    steps: [],
    signatureScheme: null,
    helloRetry: false,
    offered: null,
    lastMessage: null,
    alert: null,
    settled: false,
  };
  const side = (): Side => ({
    parser: new RecordParser(),
    reassembler: new HandshakeReassembler(),
    opener: null,
    done: false,
    finished: false,
  });
  const sides: Record<HandshakeDir, Side> = { C: side(), S: side() };
  let version: number | undefined;
  let suite: number | undefined;
  let t0: number | null = null;
  let consumed = 0;

  const opener = (label: string | null): RecordOpener | null => {
    const keying = suite === undefined ? null : suiteKeying(suite);
    const secret = label ? secrets.get(label) : undefined;
    return keying && secret ? new RecordOpener(trafficKeys(keying, secret)) : null;
  };
  const push = (dir: HandshakeDir, t: number, step: Omit<HandshakeStep, 'dir' | 'ms'>): void => {
    if (out.steps.length >= MAX_STEPS) return;
    out.steps.push({ dir, ms: Math.round((t - (t0 ?? t)) * 10) / 10, ...step });
    if (step.type !== 'alert' && step.type !== 'change_cipher_spec')
      out.lastMessage = { dir, type: step.type };
  };
  const message = (dir: HandshakeDir, t: number, m: HandshakeMessage, encrypted: boolean): void => {
    const parsed = parseHandshakeMessage(m, {
      ...(version === undefined ? {} : { version }),
      ...(suite === undefined ? {} : { cipherSuite: suite }),
    });
    if (!parsed.ok) {
      push(dir, t, {
        type: m.typeName,
        bytes: m.raw.length,
        encrypted,
        fields: { malformed: true },
      });
      return;
    }
    const { type, fields } = fieldsOf(parsed.value);
    push(dir, t, { type, bytes: m.raw.length, encrypted, fields });
    const p = parsed.value;
    if (p.type === 'client_hello' && !out.offered) {
      const s = summarizeClientHello(p.message);
      out.offered = {
        versions: s.versions.map(versionName),
        suites: s.cipherSuites.map(cipherSuiteName),
        groups: s.groups.map(groupName),
      };
    }
    if (p.type === 'server_hello') {
      version = p.message.selectedVersion;
      suite = p.message.cipherSuite;
      if (p.message.isHelloRetryRequest) {
        out.helloRetry = true;
        sides.C.parser.noteHelloRetryRequest();
      } else if (version === TLS13) {
        sides.S.opener = opener(LABELS.S.handshake);
        sides.C.opener = opener(LABELS.C.handshake);
      }
    }
    if (dir === 'S' && typeof fields.signatureScheme === 'string')
      out.signatureScheme = fields.signatureScheme;
    if (p.type === 'finished' && version === TLS13) {
      const s = sides[dir];
      s.finished = true;
      // §7.2: after its Finished, a side writes under its application traffic secret.
      s.opener = opener(LABELS[dir].application);
      if (!s.opener) s.done = true;
    }
  };
  const alert = (
    dir: HandshakeDir,
    t: number,
    level: number,
    description: number,
    enc: boolean,
  ): void => {
    const step = {
      dir,
      description: alertDescriptionName(description),
      level: level === 1 ? 'warning' : level === 2 ? 'fatal' : String(level),
    };
    out.alert ??= step;
    push(dir, t, {
      type: 'alert',
      bytes: 2,
      encrypted: enc,
      fields: { level: step.level, description: step.description },
    });
  };
  const protectedRecord = (
    dir: HandshakeDir,
    t: number,
    item: RecordItem & { kind: 'record' },
  ): void => {
    const s = sides[dir];
    const r = item.record;
    const tls13 = version === TLS13;
    /** A TLS 1.3 record we cannot open: shown by size, and the last of this direction. */
    const unopened = (): void => {
      push(dir, t, {
        type: 'encrypted_record',
        bytes: r.fragment.length,
        encrypted: true,
        fields: {},
      });
      s.done = true;
    };
    if (tls13 && s.opener) {
      const header = Uint8Array.of(
        r.contentType,
        r.version >> 8,
        r.version & 0xff,
        r.fragment.length >> 8,
        r.fragment.length & 0xff,
      );
      const opened = s.opener.open(header, r.fragment);
      if (!opened) {
        unopened();
        return;
      }
      if (opened.contentType === 22) {
        const got = s.reassembler.push(opened.content);
        for (const m of got.messages) message(dir, t, m, true);
        if (got.error) s.done = true;
      } else if (opened.contentType === 21 && opened.content.length >= 2) {
        alert(dir, t, opened.content[0] as number, opened.content[1] as number, true);
      } else {
        s.done = true; // application data: ours or the server's SMTP, not shown
      }
      return;
    }
    // TLS 1.2 after ChangeCipherSpec, or TLS 1.3 without keys: by size only. The first
    // protected handshake record of TLS 1.2 is the Finished (RFC 5246 §7.4.9).
    if (r.contentType === 22 && !s.finished) {
      s.finished = true;
      push(dir, t, {
        type: tls13 ? 'encrypted_record' : 'finished',
        bytes: r.fragment.length,
        encrypted: true,
        fields: { decrypted: false },
      });
      if (tls13) s.done = true;
    } else if (r.contentType === 21) {
      push(dir, t, {
        type: 'alert',
        bytes: r.fragment.length,
        encrypted: true,
        fields: { decrypted: false },
      });
    } else if (tls13 && !s.finished) {
      unopened();
    } else {
      s.done = true;
    }
  };

  const feed = (chunks: readonly TapChunk[]): Ladder => {
    t0 ??= chunks.find((c) => c.dir === 'C')?.t ?? chunks[0]?.t ?? null;
    const fresh = chunks.slice(consumed);
    consumed = chunks.length;
    for (const chunk of fresh) {
      const s = sides[chunk.dir];
      if (s.done || out.steps.length >= MAX_STEPS) continue;
      const { items, error } = s.parser.push(chunk.bytes);
      for (const item of items) {
        if (s.done) break;
        switch (item.kind) {
          case 'handshake':
            message(chunk.dir, chunk.t, item.message, false);
            break;
          case 'alert':
            alert(chunk.dir, chunk.t, item.alert.level, item.alert.description, false);
            break;
          case 'record': {
            const r = item.record;
            if (r.contentType === 20) {
              push(chunk.dir, chunk.t, {
                type: 'change_cipher_spec',
                bytes: r.fragment.length,
                encrypted: false,
                fields: version === TLS13 || out.helloRetry ? { compatibility: true } : {},
              });
            } else if (r.encrypted || (r.contentType === 23 && version === TLS13)) {
              protectedRecord(chunk.dir, chunk.t, item);
            }
            break;
          }
        }
      }
      if (error) s.done = true;
    }
    out.settled = sides.C.done && sides.S.done;
    // A copy: the ladder told with one event must not change under the next.
    return { ...out, steps: [...out.steps] };
  };
  return { feed };
}
