// The submission facts as a fold over the submission stages' events (issue 15).
import type { SubmissionFacts, SubmissionUpdate } from '../model/submission.js';

export function emptySubmission(): SubmissionFacts {
  return {
    auth: null,
    mail: null,
    rcpt: [],
    data: null,
    message: null,
    queuedAs: null,
    pipelined: false,
  };
}

export function reduceSubmission(s: SubmissionFacts, u: SubmissionUpdate): SubmissionFacts {
  switch (u.part) {
    case 'auth':
      return { ...s, auth: u.auth };
    case 'mail':
      return { ...s, mail: u.mail };
    case 'rcpt':
      // Bounded by the recipients asked for (the command line), not by the server.
      return { ...s, rcpt: [...s.rcpt, u.rcpt] };
    case 'data':
      return { ...s, data: u.data };
    case 'message':
      return { ...s, message: u.message, queuedAs: u.queuedAs };
    case 'pipelined':
      return { ...s, pipelined: true };
    default: {
      const never: never = u;
      return never;
    }
  }
}
