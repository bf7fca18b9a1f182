// What came of a submission as a whole, from the facts alone (pure): the first thing refused,
// in the order the session asks. A refused recipient among accepted ones still counts: a
// script asking "would it take mail for these addresses?" must see it in the exit code.
import type { ProbeFacts } from '../model/facts.js';
import type { SubmissionOutcome } from '../model/submission.js';
import { SUBMISSION_STAGES } from '../model/stages.js';

const ok2xx = (code: number | undefined): boolean =>
  code !== undefined && code >= 200 && code < 300;

export function submissionOutcome(f: ProbeFacts): SubmissionOutcome | null {
  const s = f.submission;
  if (!s) return null;
  if (s.auth && s.auth.result !== 'accepted') return 'auth-failed';
  if (s.mail && !ok2xx(s.mail.reply?.code)) return 'sender-rejected';
  if (s.rcpt.some((r) => !ok2xx(r.reply?.code))) return 'recipient-rejected';
  if (s.data?.reply && s.data.reply.code !== 354) return 'message-rejected';
  if (s.message?.reply && !ok2xx(s.message.reply.code)) return 'message-rejected';
  const failedHere =
    f.failure !== null && (SUBMISSION_STAGES as readonly string[]).includes(f.failure.stage);
  if (failedHere) return 'incomplete';
  if (s.message?.reply) return 'accepted';
  // Asked only to AUTH (no --to), and it worked.
  if (s.auth?.result === 'accepted' && !s.mail)
    return f.failure || f.quitAfter ? 'not-sent' : 'accepted';
  return f.failure ? 'incomplete' : 'not-sent';
}
