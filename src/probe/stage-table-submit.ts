// The stage table's rows for the submission stages (issue 15), kept beside the TLS rows in
// stage-table.ts. The previews show the exact command, with the AUTH secret shown redacted.
import type { ProbeSpec } from '../model/probe-spec.js';
import type { SubmissionStage } from '../model/stages.js';
import type { Escaped } from '../model/text.js';
import { esc } from '../smtp/escape.js';
import type { Stage } from './stage-table.js';

const first = (spec: ProbeSpec): string => spec.submission?.to[0] ?? '';

export const SUBMISSION_STAGE_ROWS: Readonly<Record<SubmissionStage, Stage>> = {
  auth: {
    id: 'auth',
    label: 'AUTH',
    title: 'AUTH (log in)',
    what: 'Log in with SASL: the strongest mechanism both sides offer (SCRAM-SHA-256, CRAM-MD5, PLAIN, LOGIN). Only inside TLS: over plaintext the password could be read on the way.',
    good: '235 authentication successful. 535 wrong user or password; 534 mechanism too weak; 538 encryption required first; 530 authentication required.',
    rfc: 'RFC 4954 §4 (AUTH), §6 (535/534/538); PLAIN: RFC 4616; SCRAM: RFC 5802, RFC 7677; over TLS only: RFC 3207 §6, RFC 8314 §5',
    requires: ['ehlo'],
    preview: (spec): Escaped => {
      const mech = spec.submission?.auth?.mechanism ?? '(strongest offered)';
      return esc`AUTH ${mech} <redacted>`;
    },
  },
  mail: {
    id: 'mail',
    label: 'MAIL FROM',
    title: 'MAIL FROM (the envelope sender)',
    what: 'Say who the message is from, for bounces. With PIPELINING, MAIL, RCPT and DATA go out together.',
    good: '250. 530 or 5.7.0 means log in (or STARTTLS) first; 5.7.1 the sender is not allowed; 4.7.1 greylisting or a rate limit (retry later).',
    rfc: 'RFC 5321 §4.1.1.2; SIZE: RFC 1870; 8BITMIME: RFC 6152; SMTPUTF8: RFC 6531; REQUIRETLS: RFC 8689; PIPELINING: RFC 2920',
    requires: ['ehlo'],
    preview: (spec): Escaped => esc`MAIL FROM:<${spec.submission?.from ?? ''}>`,
  },
  rcpt: {
    id: 'rcpt',
    label: 'RCPT TO',
    title: 'RCPT TO (each recipient)',
    what: 'Name each recipient. This answers "would the server take mail for this address?" without sending anything (--quit-after rcpt).',
    good: '250 or 251. 550 5.1.1 unknown user; 554/550 5.7.1 relay denied (log in, or the domain is not served here); 450/451 4.7.1 greylisted: retry later.',
    rfc: 'RFC 5321 §4.1.1.3, §3.6 (relaying); enhanced codes: RFC 3463 §3.2, §3.8',
    requires: ['mail'],
    preview: (spec): Escaped => {
      const n = spec.submission?.to.length ?? 0;
      return n > 1
        ? esc`RCPT TO:<${first(spec)}> (and ${n - 1} more)`
        : esc`RCPT TO:<${first(spec)}>`;
    },
  },
  data: {
    id: 'data',
    label: 'DATA',
    title: 'DATA',
    what: 'Ask to send the message itself. After 354 the server reads message lines until a line with a lone ".".',
    good: '354 start mail input. 554 no valid recipients; 451 a local problem at the server.',
    rfc: 'RFC 5321 §4.1.1.4; BDAT instead: RFC 3030',
    requires: ['rcpt'],
    preview: (): Escaped => esc`DATA`,
  },
  message: {
    id: 'message',
    label: 'message',
    title: 'The message',
    what: 'Send the test message: headers, a blank line, the body (lines starting with "." doubled), then the lone ".". The reply is the server taking responsibility for it.',
    good: '250 with a queue id ("queued as …"): the server has it. 552 too large; 554 5.7.1 refused as spam or by policy; 5.7.26 DMARC failure.',
    rfc: 'RFC 5321 §4.1.1.4, §4.5.2 (dot-stuffing), §4.5.3.1.6 (line length); RFC 5322 (message format); DMARC: RFC 7489',
    requires: ['data'],
    preview: (spec): Escaped =>
      spec.submission?.data
        ? esc`the message from --data, then "."`
        : esc`the generated test message, then "."`,
  },
};
