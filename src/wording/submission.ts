// Words for the submission stages (issue 15): what each refusal means, from its reply code and
// enhanced status code (RFC 3463, the IANA registry in src/smtp/enhanced-codes.ts), with a
// probable cause and a fix; what AUTH results mean (RFC 4954 §6); what REQUIRETLS asks for.
import type { ReplyFacts } from '../model/failure.js';
import type { AuthResult, SubmissionOutcome } from '../model/submission.js';
import { ENHANCED_CLASS, lookupEnhanced } from '../smtp/enhanced-codes.js';

export type SubmissionStep = 'auth' | 'mail' | 'rcpt' | 'data' | 'message';

export interface ReplyContext {
  step: SubmissionStep;
  /** TLS was up when the reply came. */
  tls: boolean;
  /** AUTH succeeded earlier in the session. */
  authenticated: boolean;
}

/** A specific meaning for an enhanced code at a step: [meaning, cause, fix]. */
type Words = readonly [string, string, string];

function specific(e: string, c: ReplyContext, code: number): Words | null {
  switch (e.slice(2)) {
    case '7.0':
      if (code === 530 || /starttls/i.test(e))
        return c.tls
          ? [
              'authentication required',
              'this server takes mail only from logged-in users',
              'log in first (--auth-user)',
            ]
          : [
              'encryption required: must issue STARTTLS first',
              'this server requires TLS before mail (a server that requires TLS)',
              'use STARTTLS (drop --tls none) or implicit TLS',
            ];
      return null;
    case '7.1':
      if (c.step === 'rcpt')
        return [
          'relay denied',
          c.authenticated
            ? 'this account may not send to that address'
            : 'the server does not accept mail for that domain from an unauthenticated client, and relays only for its users',
          c.authenticated
            ? 'check the account’s sending rights'
            : 'log in (--auth-user), or send to a domain this server serves',
        ];
      if (c.step === 'mail')
        return [
          'sender not allowed',
          'the account or client may not use this envelope sender',
          'use an address this account owns (--from)',
        ];
      return [
        'refused by policy',
        'a content or reputation filter refused the message',
        'read the reply text; check SPF, DKIM and the content',
      ];
    case '7.8':
      return [
        'wrong credentials',
        'the user name or password is wrong (or the account is locked)',
        'check --auth-user and the password',
      ];
    case '7.9':
      return [
        'mechanism too weak',
        'the server wants a stronger SASL mechanism here',
        'use --auth-mech SCRAM-SHA-256 or log in over TLS',
      ];
    case '7.11':
      return [
        'encryption required for this mechanism',
        'plaintext mechanisms are allowed only inside TLS',
        'use STARTTLS or implicit TLS',
      ];
    case '7.26':
      return [
        'DMARC failure (several authentication checks failed)',
        'the From domain’s DMARC policy refuses mail that fails SPF and DKIM alignment',
        'send from a domain you control, signed with DKIM, from an address its SPF allows',
      ];
    case '7.23':
      return [
        'SPF failure',
        'this client’s address is not allowed by the sender domain’s SPF record',
        'use a sender domain whose SPF includes this host',
      ];
    case '7.25':
      return [
        'reverse DNS check failed',
        'the client’s IP has no matching PTR record',
        'give the sending IP a PTR that resolves back to it',
      ];
    case '7.27':
    case '1.10':
      return ['null MX', 'the domain says it accepts no mail (RFC 7505)', 'use another address'];
    case '7.30':
      return [
        'REQUIRETLS support required',
        'a server on the path cannot keep the REQUIRETLS promise',
        'send without --requiretls, or fix TLS on the path',
      ];
    case '1.1':
      return ['unknown user', 'no such mailbox at this server', 'check the address for typos'];
    case '1.2':
      return [
        'bad destination system',
        'the domain does not exist or is not served here',
        'check the domain',
      ];
    case '1.3':
    case '1.7':
      return [
        'bad address syntax',
        'the server did not understand the address',
        'check --from / --to',
      ];
    case '1.8':
      return [
        'bad sender domain',
        'the sender’s domain does not resolve (no MX or A)',
        'use a sender address in a real domain',
      ];
    case '2.1':
      return ['mailbox disabled', 'the account does not take mail now', 'use another address'];
    case '2.2':
      return [
        'mailbox full',
        'the recipient is over quota',
        'try later, or tell the recipient another way',
      ];
    case '2.3':
    case '3.4':
      return [
        'message too big',
        'over the server’s size limit (see SIZE in the EHLO reply)',
        'send a smaller message',
      ];
    case '5.1':
    case '5.2':
    case '5.4':
      return [
        'command or syntax error',
        'the server did not accept the command as sent',
        'check the parameters (SIZE, BODY, SMTPUTF8) and the address syntax',
      ];
    case '5.3':
      return [
        'too many recipients',
        'the server limits recipients per message',
        'send to fewer addresses at once',
      ];
    default:
      return null;
  }
}

/** By reply code alone, when there is no (known) enhanced code. */
function byCode(code: number, c: ReplyContext): Words | null {
  switch (code) {
    case 530:
      return c.tls
        ? [
            'authentication required',
            'this server takes mail only from logged-in users',
            'log in first (--auth-user)',
          ]
        : [
            'must issue STARTTLS first',
            'this server requires TLS before mail (a server that requires TLS)',
            'use STARTTLS or implicit TLS',
          ];
    case 535:
      return [
        'wrong credentials',
        'the user name or password is wrong',
        'check --auth-user and the password',
      ];
    case 534:
      return [
        'mechanism too weak',
        'the server wants a stronger mechanism',
        'try --auth-mech SCRAM-SHA-256',
      ];
    case 538:
      return [
        'encryption required for this mechanism',
        'plaintext mechanisms only inside TLS',
        'use STARTTLS',
      ];
    case 454:
      return [
        'temporary authentication failure',
        'the server’s password backend did not answer',
        'try again later; the admin should check the SASL backend',
      ];
    case 550:
    case 551:
    case 553:
      return c.step === 'rcpt'
        ? [
            'recipient refused',
            'unknown user, or relaying is denied',
            'check the address; log in to relay',
          ]
        : null;
    case 552:
      return [
        'storage or size limit exceeded',
        'too big, or the mailbox is full',
        'send a smaller message',
      ];
    case 554:
      return c.step === 'data' || c.step === 'message'
        ? [
            'transaction failed',
            'no valid recipients, or the message was refused by policy',
            'read the reply text',
          ]
        : null;
    case 450:
    case 451:
    case 452:
      return [
        'temporary failure',
        'greylisting, a rate limit, or a local problem at the server',
        'retry later: a real MTA would',
      ];
    case 503:
      return [
        'bad sequence of commands',
        'a command came out of order (e.g. RCPT before MAIL, DATA with no recipient)',
        'this is the client’s doing; report it',
      ];
    case 504:
      return [
        'parameter not implemented',
        'e.g. an AUTH mechanism the server does not know',
        'use one it offers',
      ];
    default:
      return null;
  }
}

/** One sentence for a refused reply at a submission step, or null for a success. */
export function explainReply(r: ReplyFacts, c: ReplyContext): string | null {
  if (r.code < 400 || (c.step === 'data' && r.code === 354)) return null;
  const e = r.enhanced ? lookupEnhanced(r.enhanced) : null;
  // 4.7.1 is the common transient "greylisted or rate-limited".
  if (e && e.cls === '4' && e.subjectDetail === '7.1')
    return `${r.enhanced} greylisted or rate-limited: the server asks to retry later (temporary). Fix: retry in a few minutes, as a real MTA would; if it persists, the client's IP or account is throttled.`;
  const words = (r.enhanced ? specific(r.enhanced, c, r.code) : null) ?? byCode(r.code, c);
  const transient = r.code < 500 ? ' (temporary: retrying later may work)' : '';
  const label = r.enhanced ? `${r.code} ${r.enhanced}` : String(r.code);
  if (words) return `${label} ${words[0]}${transient}: ${words[1]}. Fix: ${words[2]}.`;
  if (e)
    return `${label} ${e.title ?? 'unregistered status'} (${ENHANCED_CLASS[e.cls] ?? ''}). See the reply text for the server's reason.`;
  return `${label} refused (${r.code < 500 ? 'temporary' : 'permanent'})${transient ? '' : ''}. See the reply text for the server's reason.`;
}

export function authResultWords(result: AuthResult, mechanism: string | null): string {
  const m = mechanism ?? 'AUTH';
  switch (result) {
    case 'accepted':
      return `${m}: logged in (235)`;
    case 'wrong-credentials':
      return `${m}: wrong user name or password (535, RFC 4954 §6)`;
    case 'mechanism-too-weak':
      return `${m}: the server finds this mechanism too weak (534, RFC 4954 §6)`;
    case 'encryption-required':
      return `${m}: the server requires encryption for this mechanism (538, RFC 4954 §6)`;
    case 'rejected':
      return `${m}: refused`;
    case 'no-common-mechanism':
      return 'no SASL mechanism that both sides know';
    case 'not-offered':
      return 'the server does not offer AUTH here (inside TLS it often does; a relay port may not at all)';
    case 'refused-plaintext':
      return 'AUTH not sent: the connection is not encrypted, so the password would cross it in clear. Use STARTTLS or implicit TLS (or --allow-plaintext-auth, knowingly)';
    default: {
      const never: never = result;
      return String(never);
    }
  }
}

export function outcomeWords(o: SubmissionOutcome): string {
  switch (o) {
    case 'accepted':
      return 'the server accepted everything asked of it';
    case 'not-sent':
      return 'stopped before the message (--quit-after): nothing was sent';
    case 'auth-failed':
      return 'AUTH failed';
    case 'sender-rejected':
      return 'the envelope sender was refused';
    case 'recipient-rejected':
      return 'a recipient was refused';
    case 'message-rejected':
      return 'the message was refused';
    case 'incomplete':
      return 'the dialogue broke before the submission finished';
    default: {
      const never: never = o;
      return String(never);
    }
  }
}

export const REQUIRETLS_WORDS =
  'REQUIRETLS (RFC 8689) asks every server on the way to relay this message only over TLS with a verified certificate (MTA-STS or DANE) and to bounce it rather than fall back to plaintext; the header "TLS-Required: No" would ask the opposite.';

export const PLAINTEXT_AUTH_WARNING =
  'WARNING: AUTH went over an unencrypted connection (--allow-plaintext-auth): the credentials could be read on the way.';
