// The report's `submission` object (issue 15): present only when the run was asked to submit,
// so a plain run's JSON stays as it was. Every reply as {code, enhanced, text}, each refusal
// with its explanation (src/wording/submission.ts).
import type { JudgedProbe } from '../model/events.js';
import type { ReplyFacts } from '../model/failure.js';
import type { AuthResult, SaslMechanism, SubmissionOutcome } from '../model/submission.js';
import { submissionOutcome } from '../policy/submission.js';
import {
  authResultWords,
  explainReply,
  outcomeWords,
  PLAINTEXT_AUTH_WARNING,
  REQUIRETLS_WORDS,
} from '../wording/submission.js';
import type { ReplyContext, SubmissionStep } from '../wording/submission.js';

interface Explained {
  reply: ReplyFacts | null;
  /** Why it was refused, with a probable cause and a fix; null for a success. */
  explanation: string | null;
}

export interface SubmissionJson {
  outcome: SubmissionOutcome;
  summary: string;
  auth:
    | (Explained & {
        mechanism: SaslMechanism | null;
        result: AuthResult;
        plaintext: boolean;
        words: string;
      })
    | null;
  mail: (Explained & { from: string; command: string; requireTls: boolean }) | null;
  rcpt: (Explained & { to: string; command: string })[];
  data: (Explained & { command: string; bdat: boolean }) | null;
  queuedAs: string | null;
  message: (Explained & { bytes: number; headers: string[] }) | null;
  pipelined: boolean;
  warnings: string[];
}

export function toSubmissionJson(r: JudgedProbe): SubmissionJson | null {
  const f = r.facts;
  const s = f.submission;
  const outcome = submissionOutcome(f);
  if (!s || !outcome) return null;
  const ctx = (step: SubmissionStep): ReplyContext => ({
    step,
    tls: f.tls !== null,
    authenticated: s.auth?.result === 'accepted',
  });
  const explain = (reply: ReplyFacts | null, step: SubmissionStep): Explained => ({
    reply,
    explanation: reply ? explainReply(reply, ctx(step)) : null,
  });
  const warnings: string[] = [];
  if (s.auth?.plaintext) warnings.push(PLAINTEXT_AUTH_WARNING);
  if (s.mail?.requireTls) warnings.push(REQUIRETLS_WORDS);
  return {
    outcome,
    summary: outcomeWords(outcome),
    auth: s.auth
      ? {
          ...explain(s.auth.reply, 'auth'),
          mechanism: s.auth.mechanism,
          result: s.auth.result,
          plaintext: s.auth.plaintext,
          words: authResultWords(s.auth.result, s.auth.mechanism),
        }
      : null,
    mail: s.mail
      ? {
          ...explain(s.mail.reply, 'mail'),
          from: s.mail.from,
          command: s.mail.command,
          requireTls: s.mail.requireTls,
        }
      : null,
    rcpt: s.rcpt.map((x) => ({ ...explain(x.reply, 'rcpt'), to: x.to, command: x.command })),
    data: s.data
      ? { ...explain(s.data.reply, 'data'), command: s.data.command, bdat: s.data.bdat }
      : null,
    queuedAs: s.queuedAs,
    message: s.message
      ? {
          ...explain(s.message.reply, 'message'),
          bytes: s.message.bytes,
          headers: s.message.headers,
        }
      : null,
    pipelined: s.pipelined,
    warnings,
  };
}

const line = (r: ReplyFacts | null): string =>
  r ? `${r.code} ${r.text.split('\n')[0] ?? ''}`.trim() : 'no reply';

/** The --plain report's lines for the submission. */
export function submissionLines(j: SubmissionJson): string[] {
  const out: string[] = [`Submission: ${j.summary}${j.pipelined ? ' (pipelined)' : ''}`];
  const add = (label: string, text: string, explanation: string | null): void => {
    out.push(`  ${label.padEnd(10)} ${text}`);
    if (explanation) out.push(`    ! ${explanation}`);
  };
  if (j.auth)
    add(
      'AUTH',
      `${j.auth.words}${j.auth.reply ? ` — ${line(j.auth.reply)}` : ''}`,
      j.auth.explanation,
    );
  if (j.mail) add('MAIL FROM', `<${j.mail.from}>: ${line(j.mail.reply)}`, j.mail.explanation);
  for (const r of j.rcpt) add('RCPT TO', `<${r.to}>: ${line(r.reply)}`, r.explanation);
  if (j.data && j.data.reply)
    add(j.data.bdat ? 'BDAT' : 'DATA', line(j.data.reply), j.data.explanation);
  if (j.message)
    add('message', `${j.message.bytes} bytes: ${line(j.message.reply)}`, j.message.explanation);
  if (j.queuedAs) out.push(`  queued as ${j.queuedAs}`);
  for (const w of j.warnings) out.push(`  ! ${w}`);
  return out;
}
