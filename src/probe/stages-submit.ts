// The submission stages (issue 15): AUTH (RFC 4954), MAIL FROM, RCPT TO, DATA (RFC 5321
// §4.1.1.2–4.1.1.4), the message (dot-stuffed, §4.5.2, or one BDAT chunk, RFC 3030), with
// PIPELINING (RFC 2920) when offered. A refusal is a submission fact, not a probe failure: the
// TLS verdict stands, and the exit code says what was refused (src/policy/submission.ts).
// A read that gets no reply (timeout, close) is a failure like at any other stage.
import type { EhloInfo } from '../model/facts.js';
import type { SubmissionSpec } from '../model/submission.js';
import type { Escaped } from '../model/text.js';
import { esc, escapeText } from '../smtp/escape.js';
import { buildMessage, dotStuff, queueIdOf } from '../smtp/message.js';
import type { BuiltMessage } from '../smtp/message.js';
import type { Reply } from '../smtp/reply.js';
import type { ReadResult } from './wire.js';
import { command, fail, firstLine, readFailure, remaining, replyFacts } from './context.js';
import type { ProbeContext, StageOutcome } from './context.js';
import { planFor } from './plan.js';

/** What the stages of one session share: the message, and the pipelined group in flight. */
interface Shared {
  message: BuiltMessage;
  /** Commands sent in a pipelined group whose replies are still to be read, in order. */
  inFlight: ('rcpt' | 'data')[];
}
const shared = new WeakMap<ProbeContext, Shared>();

/** The message shows this many lines in the transcript; the rest are counted. */
const SHOWN_LINES = 40;

export function latestEhlo(ctx: ProbeContext): EhloInfo | null {
  const f = ctx.facts();
  return f.ehloAfter ?? f.ehloBefore;
}

function offered(ctx: ProbeContext, keyword: string): string[] | null {
  return latestEhlo(ctx)?.rawExtensions[keyword] ?? null;
}

function spec(ctx: ProbeContext): SubmissionSpec | null {
  return ctx.spec.submission ?? null;
}

const path = (addr: string): string => `<${addr}>`;
// eslint-disable-next-line no-control-regex -- "not ASCII" is the range \u0000-\u007f
const nonAscii = (s: string): boolean => /[^\u0000-\u007f]/.test(s);

function tlsLine(ctx: ProbeContext): string | null {
  const t = ctx.facts().tls;
  return t ? `${t.protocol} ${t.cipher.standardName || t.cipher.name}` : null;
}

async function readOne(ctx: ProbeContext): Promise<ReadResult> {
  const wire = ctx.wire;
  if (!wire) return { kind: 'closed', reset: false, message: esc`not connected` };
  const result = await wire.read(remaining(ctx));
  if (result.kind === 'reply') ctx.tell({ type: 'reply', reply: replyFacts(result.reply) });
  return result;
}

/** Send `line` and read its reply, or (pipelined: already sent) only read it. */
async function exchange(ctx: ProbeContext, line: string, sent: boolean): Promise<ReadResult> {
  return sent ? readOne(ctx) : command(ctx, line);
}

function noReply(
  ctx: ProbeContext,
  stage: 'mail' | 'rcpt' | 'data' | 'message',
  r: Exclude<ReadResult, { kind: 'reply' }>,
): StageOutcome {
  fail(ctx, readFailure(stage, r, ctx.spec.timeoutMs));
  return { status: 'failed', detail: null, stop: true };
}

/** Read the replies a pipelined group still owes, so the dialogue is in step for QUIT. */
async function drain(ctx: ProbeContext, s: Shared): Promise<void> {
  while (s.inFlight.length > 0) {
    s.inFlight.shift();
    const r = await readOne(ctx);
    if (r.kind !== 'reply') return;
  }
}

function mailParams(ctx: ProbeContext, sub: SubmissionSpec, m: BuiltMessage): string[] {
  const params: string[] = [];
  // RFC 1870 §6: declare the size when SIZE is offered, so a too-large message fails at once.
  if (offered(ctx, 'SIZE')) params.push(`SIZE=${m.bytes.length}`);
  if (m.eightBit) {
    if (offered(ctx, '8BITMIME')) params.push('BODY=8BITMIME');
    else
      ctx.transcript.add(
        'info',
        esc`the message has 8-bit octets but 8BITMIME is not offered (RFC 6152 \u00a73)`,
      );
  }
  const utf8 = nonAscii(sub.from) || sub.to.some(nonAscii);
  if (utf8) {
    if (offered(ctx, 'SMTPUTF8')) params.push('SMTPUTF8');
    else
      ctx.transcript.add(
        'info',
        esc`a non-ASCII address but SMTPUTF8 is not offered (RFC 6531 \u00a73.4)`,
      );
  }
  return params;
}

function requireTls(ctx: ProbeContext, sub: SubmissionSpec): boolean {
  if (!sub.requireTls) return false;
  // RFC 8689 §4.1: only over TLS, and only to a server that advertised it.
  if (!ctx.facts().tls) {
    ctx.transcript.add(
      'info',
      esc`--requiretls: not added, this session is not encrypted (RFC 8689 \u00a74.1)`,
    );
    return false;
  }
  if (!offered(ctx, 'REQUIRETLS')) {
    ctx.transcript.add(
      'info',
      esc`--requiretls: not added, the server does not advertise REQUIRETLS`,
    );
    return false;
  }
  return true;
}

export async function mailStage(ctx: ProbeContext): Promise<StageOutcome> {
  const sub = spec(ctx);
  const wire = ctx.wire;
  if (!sub || !wire) return { status: 'skipped', detail: esc`nothing to send`, stop: true };
  const message = buildMessage({
    from: sub.from,
    to: sub.to,
    headers: sub.headers,
    ...(sub.body !== undefined ? { body: sub.body } : {}),
    ...(sub.data ? { data: sub.data } : {}),
    ehloName: ctx.spec.ehloName,
    tls: tlsLine(ctx),
    now: new Date(),
  });
  const s: Shared = { message, inFlight: [] };
  shared.set(ctx, s);
  const rtls = requireTls(ctx, sub);
  const params = [...mailParams(ctx, sub, message), ...(rtls ? ['REQUIRETLS'] : [])];
  const line = [`MAIL FROM:${path(sub.from)}`, ...params].join(' ');
  // PIPELINING only in a run that does not pause between steps: a guided run shows each step's
  // command before it is sent, which a group sent at once cannot do.
  // What the group may hold: the stages up to --quit-after's (`--quit-after rcpt` sends no DATA).
  const all = planFor(ctx.spec);
  const stop = all.quitAfter ? all.stages.indexOf(all.quitAfter) : -1;
  const plan = stop >= 0 ? all.stages.slice(0, stop + 1) : all.stages;
  const pipelined = sub.pipelining && !ctx.spec.guided && offered(ctx, 'PIPELINING') !== null;
  wire.setPipelining(pipelined);
  let r: ReadResult;
  if (pipelined && plan.includes('rcpt')) {
    ctx.tell({ type: 'submission', update: { part: 'pipelined' } });
    const lines = [line, ...sub.to.map((t) => `RCPT TO:${path(t)}`)];
    const withData = plan.includes('data');
    if (withData) lines.push('DATA');
    for (const l of lines) {
      const sent = wire.send(l);
      if (!sent.ok) return { status: 'failed', detail: escapeText(sent.refusal), stop: true };
    }
    s.inFlight = [...sub.to.map(() => 'rcpt' as const), ...(withData ? ['data' as const] : [])];
    r = await readOne(ctx);
  } else {
    r = await command(ctx, line);
  }
  if (r.kind !== 'reply') return noReply(ctx, 'mail', r);
  const reply = replyFacts(r.reply);
  ctx.tell({
    type: 'submission',
    update: {
      part: 'mail',
      mail: { command: escapeText(line), reply, from: escapeText(sub.from), requireTls: rtls },
    },
  });
  if (r.reply.code !== 250) {
    await drain(ctx, s);
    return { status: 'failed', detail: esc`sender refused: ${firstLine(r.reply)}`, stop: true };
  }
  return { status: 'ok', detail: firstLine(r.reply) };
}

export async function rcptStage(ctx: ProbeContext): Promise<StageOutcome> {
  const sub = spec(ctx);
  const s = shared.get(ctx);
  if (!sub || !s) return { status: 'skipped', detail: esc`no MAIL FROM`, stop: true };
  let accepted = 0;
  const refused: Escaped[] = [];
  for (const to of sub.to) {
    const line = `RCPT TO:${path(to)}`;
    const sent = s.inFlight[0] === 'rcpt';
    if (sent) s.inFlight.shift();
    const r = await exchange(ctx, line, sent);
    if (r.kind !== 'reply') return noReply(ctx, 'rcpt', r);
    ctx.tell({
      type: 'submission',
      update: {
        part: 'rcpt',
        rcpt: { command: escapeText(line), reply: replyFacts(r.reply), to: escapeText(to) },
      },
    });
    // RFC 5321 §4.1.1.3: 250 or 251 (will forward) accept the recipient.
    if (r.reply.code === 250 || r.reply.code === 251) accepted += 1;
    else refused.push(firstLine(r.reply));
  }
  if (accepted === 0) {
    await drain(ctx, s);
    return { status: 'failed', detail: esc`recipient refused: ${refused[0] ?? ''}`, stop: true };
  }
  if (refused.length > 0)
    return {
      status: 'ok',
      detail: esc`${accepted} of ${sub.to.length} accepted; refused: ${refused.join('; ')}`,
    };
  return { status: 'ok', detail: esc`${accepted} recipient(s) accepted` };
}

export async function dataStage(ctx: ProbeContext): Promise<StageOutcome> {
  const s = shared.get(ctx);
  if (!s) return { status: 'skipped', detail: esc`no recipient`, stop: true };
  const sent = s.inFlight[0] === 'data';
  if (sent) s.inFlight.shift();
  const r = await exchange(ctx, 'DATA', sent);
  if (r.kind !== 'reply') return noReply(ctx, 'data', r);
  ctx.tell({
    type: 'submission',
    update: { part: 'data', data: { command: esc`DATA`, reply: replyFacts(r.reply), bdat: false } },
  });
  if (r.reply.code !== 354)
    return { status: 'failed', detail: esc`DATA refused: ${firstLine(r.reply)}`, stop: true };
  return { status: 'ok', detail: firstLine(r.reply) };
}

export async function messageStage(ctx: ProbeContext): Promise<StageOutcome> {
  const sub = spec(ctx);
  const s = shared.get(ctx);
  const wire = ctx.wire;
  if (!sub || !s || !wire)
    return { status: 'skipped', detail: esc`no message to send`, stop: true };
  const bdat = Boolean(sub.bdat) && offered(ctx, 'CHUNKING') !== null;
  if (sub.bdat && !bdat)
    ctx.transcript.add('info', esc`--bdat: CHUNKING is not offered, so the message goes with DATA`);
  if (!bdat && wire.dialogue.state.phase !== 'data-phase') {
    // --bdat without CHUNKING: the plan had no DATA step, so DATA goes here.
    const d = await command(ctx, 'DATA');
    if (d.kind !== 'reply') return noReply(ctx, 'message', d);
    ctx.tell({
      type: 'submission',
      update: {
        part: 'data',
        data: { command: esc`DATA`, reply: replyFacts(d.reply), bdat: false },
      },
    });
    if (d.reply.code !== 354)
      return { status: 'failed', detail: esc`DATA refused: ${firstLine(d.reply)}`, stop: true };
  }
  const m = s.message;
  if (m.longLines > 0)
    ctx.transcript.add(
      'info',
      esc`${m.longLines} line(s) longer than 998 octets (RFC 5322 \u00a72.1.1): servers may refuse or rewrite them`,
    );
  if (bdat)
    ctx.tell({
      type: 'submission',
      update: {
        part: 'data',
        data: { command: esc`BDAT ${m.bytes.length} LAST`, reply: null, bdat: true },
      },
    });
  const sent = wire.sendMessage(
    bdat ? m.bytes : dotStuff(m.bytes),
    bdat ? 'bdat' : 'data',
    SHOWN_LINES,
  );
  if (!sent.ok) return { status: 'failed', detail: escapeText(sent.refusal), stop: true };
  const r = await readOne(ctx);
  if (r.kind !== 'reply') return noReply(ctx, 'message', r);
  const queued = r.reply.code === 250 ? queueIdOf(unescapedText(r.reply)) : null;
  ctx.tell({
    type: 'submission',
    update: {
      part: 'message',
      message: {
        reply: replyFacts(r.reply),
        bytes: m.bytes.length,
        headers: m.headers.map((h) => escapeText(h)),
      },
      queuedAs: queued === null ? null : escapeText(queued),
    },
  });
  if (r.reply.code !== 250)
    return { status: 'failed', detail: esc`message refused: ${firstLine(r.reply)}`, stop: true };
  return { status: 'ok', detail: firstLine(r.reply) };
}

function unescapedText(reply: Reply): string {
  return (reply.unescaped ?? reply.lines).join('\n');
}
