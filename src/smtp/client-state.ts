// The client side of an SMTP dialogue as a state table, in the style of h11's _state.py: the
// legal moves are data, and anything else is refused with a reason. The engine asks before it
// writes, so it never speaks before the greeting (RFC 5321 §4.3.1), never writes plaintext into
// an implicit-TLS port before the handshake (RFC 8314 §3.3), never sends a command while one is
// unanswered without PIPELINING, and never speaks after "220 Ready to start TLS" until the
// handshake is done (RFC 3207 §4). The submission moves (issue 15) are rows too: AUTH and its
// 334 challenges (RFC 4954 §4), DATA's 354 and the data phase that only the lone "." ends
// (RFC 5321 §4.1.1.4), BDAT (RFC 3030 §2), and the pipelined groups of RFC 2920 §3.1.

export type ClientPhase =
  /** Implicit TLS: the handshake comes before anything else. */
  | 'tls-first'
  /** Connected; the server speaks first. */
  | 'awaiting-greeting'
  /** Greeted with 220: commands may be sent. */
  | 'ready'
  /** Greeted with something else (421, 554): only QUIT is left (RFC 5321 §3.1). */
  | 'greeting-refused'
  | 'awaiting-reply'
  | 'awaiting-starttls-reply'
  /** "220 Ready to start TLS": only the handshake may follow. */
  | 'tls-pending'
  /** TLS is up after STARTTLS: what was learned before is forgotten, EHLO comes first (RFC 3207 §4.2). */
  | 'tls-fresh'
  | 'awaiting-quit-reply'
  /** AUTH sent: 334 (a challenge), 235 or a refusal comes next. */
  | 'awaiting-auth-reply'
  /** "334 challenge": only the SASL response line (or "*" to cancel) may follow. */
  | 'sasl-challenge'
  /** DATA sent: 354 opens the data phase. */
  | 'awaiting-data-reply'
  /** After 354: message lines, no replies, until the lone "." (RFC 5321 §4.1.1.4). */
  | 'data-phase'
  /**
   * PIPELINING (RFC 2920 §3.1): MAIL/RCPT/RSET sent and unanswered; more of them may follow
   * before the replies, and DATA or QUIT may end the group.
   */
  | 'pipeline-open'
  /** A read timed out or a reply broke the grammar: no reply can be matched to a command now. */
  | 'out-of-step'
  | 'closed';

export type ClientEvent =
  // What the client does.
  | 'send-ehlo'
  | 'send-helo'
  | 'send-starttls'
  | 'send-quit'
  | 'send-command'
  | 'send-auth'
  /** The answer to a 334 challenge. */
  | 'send-sasl'
  | 'send-mail'
  | 'send-rcpt'
  | 'send-rset'
  | 'send-data'
  /** BDAT with its chunk (RFC 3030 §2): one reply per chunk. */
  | 'send-bdat'
  /** A message line in the data phase (no reply). */
  | 'send-data-line'
  /** The lone "." that ends the message: its reply is awaited. */
  | 'send-data-end'
  | 'tls-up'
  | 'close'
  // What the server does.
  | 'reply-positive'
  | 'reply-negative'
  /** 3xx where one continues the command: 334 to AUTH, 354 to DATA. */
  | 'reply-intermediate'
  /** 421: the server is closing the connection (RFC 5321 §3.8); nothing more goes out. */
  | 'reply-closing'
  | 'lost-step'
  | 'peer-closed';

type Row = Partial<Record<ClientEvent, ClientPhase>>;

/** Every event may close the connection from our side or see the peer close it. */
const ENDS: Row = { close: 'closed', 'peer-closed': 'closed' };
const READING: Row = { ...ENDS, 'lost-step': 'out-of-step', 'reply-closing': 'closed' };
const COMMANDS: Row = {
  'send-ehlo': 'awaiting-reply',
  'send-helo': 'awaiting-reply',
  'send-command': 'awaiting-reply',
  'send-starttls': 'awaiting-starttls-reply',
  'send-quit': 'awaiting-quit-reply',
  'send-auth': 'awaiting-auth-reply',
  'send-mail': 'awaiting-reply',
  'send-rcpt': 'awaiting-reply',
  'send-rset': 'awaiting-reply',
  'send-data': 'awaiting-data-reply',
  'send-bdat': 'awaiting-reply',
};

export const TRANSITIONS: Readonly<Record<ClientPhase, Row>> = {
  'tls-first': { ...ENDS, 'tls-up': 'awaiting-greeting' },
  'awaiting-greeting': {
    ...READING,
    'reply-positive': 'ready',
    'reply-negative': 'greeting-refused',
  },
  ready: { ...ENDS, ...COMMANDS },
  'greeting-refused': { ...ENDS, 'send-quit': 'awaiting-quit-reply' },
  'awaiting-reply': { ...READING, 'reply-positive': 'ready', 'reply-negative': 'ready' },
  'awaiting-starttls-reply': {
    ...READING,
    'reply-positive': 'tls-pending',
    'reply-negative': 'ready',
  },
  'tls-pending': { ...ENDS, 'tls-up': 'tls-fresh' },
  // RFC 3207 §4.2 says the client SHOULD send EHLO first; a person typing NOOP here may.
  'tls-fresh': {
    ...ENDS,
    'send-ehlo': 'awaiting-reply',
    'send-helo': 'awaiting-reply',
    'send-command': 'awaiting-reply',
    'send-quit': 'awaiting-quit-reply',
  },
  'awaiting-quit-reply': {
    ...ENDS,
    'reply-closing': 'closed',
    'reply-positive': 'closed',
    'reply-negative': 'closed',
    'lost-step': 'closed',
  },
  'awaiting-auth-reply': {
    ...READING,
    'reply-intermediate': 'sasl-challenge',
    'reply-positive': 'ready',
    'reply-negative': 'ready',
  },
  'sasl-challenge': { ...ENDS, 'send-sasl': 'awaiting-auth-reply' },
  'awaiting-data-reply': {
    ...READING,
    'reply-intermediate': 'data-phase',
    'reply-positive': 'ready',
    'reply-negative': 'ready',
  },
  'data-phase': { ...ENDS, 'send-data-line': 'data-phase', 'send-data-end': 'awaiting-reply' },
  'pipeline-open': { ...READING, 'reply-positive': 'ready', 'reply-negative': 'ready' },
  'out-of-step': { ...ENDS },
  closed: {},
};

/**
 * The moves PIPELINING adds (RFC 2920 §3.1), used only once the EHLO reply offered it: MAIL,
 * RCPT and RSET may be sent before their replies, and DATA or QUIT may close such a group
 * (EHLO, STARTTLS, AUTH, BDAT may not be pipelined here: each waits for its reply).
 */
export const PIPELINED: Readonly<Partial<Record<ClientPhase, Row>>> = {
  ready: {
    'send-mail': 'pipeline-open',
    'send-rcpt': 'pipeline-open',
    'send-rset': 'pipeline-open',
  },
  'pipeline-open': {
    'send-mail': 'pipeline-open',
    'send-rcpt': 'pipeline-open',
    'send-rset': 'pipeline-open',
    'send-data': 'awaiting-data-reply',
    'send-quit': 'awaiting-quit-reply',
  },
};

/** Events that owe no reply (the data lines); every other send owes exactly one. */
const NO_REPLY: ReadonlySet<ClientEvent> = new Set(['send-data-line', 'tls-up']);
const REPLIES: ReadonlySet<ClientEvent> = new Set([
  'reply-positive',
  'reply-negative',
  'reply-intermediate',
  'reply-closing',
]);

/** Why a move is not allowed, as a code (the words are the caller's). */
export type Refusal =
  | 'before-greeting'
  | 'before-tls'
  | 'awaiting-reply'
  | 'greeting-refused'
  | 'ehlo-first'
  | 'starttls-inside-tls'
  | 'out-of-step'
  | 'closed'
  /** After 334, only the SASL response may be sent. */
  | 'sasl-response-first'
  /** In the data phase, only message lines and the final "." may be sent. */
  | 'in-data';

const REFUSALS: Readonly<Record<ClientPhase, Refusal>> = {
  'tls-first': 'before-tls',
  'awaiting-greeting': 'before-greeting',
  ready: 'awaiting-reply', // never used: ready refuses only what TLS forbids
  'greeting-refused': 'greeting-refused',
  'awaiting-reply': 'awaiting-reply',
  'awaiting-starttls-reply': 'awaiting-reply',
  'tls-pending': 'before-tls',
  'tls-fresh': 'ehlo-first',
  'awaiting-quit-reply': 'awaiting-reply',
  'awaiting-auth-reply': 'awaiting-reply',
  'sasl-challenge': 'sasl-response-first',
  'awaiting-data-reply': 'awaiting-reply',
  'data-phase': 'in-data',
  'pipeline-open': 'awaiting-reply',
  'out-of-step': 'out-of-step',
  closed: 'closed',
};

export interface ClientState {
  phase: ClientPhase;
  /** TLS is up on this connection (STARTTLS done, or implicit TLS). */
  tls: boolean;
  /** Replies owed (more than one only in a pipelined group); absent when none. */
  pending?: number;
  /** The EHLO reply offered PIPELINING (RFC 2920): the PIPELINED moves are allowed. */
  pipelining?: boolean;
}

export type Transition = { ok: true; state: ClientState } | { ok: false; refusal: Refusal };

export function initialState(mode: 'plain' | 'implicit'): ClientState {
  return { phase: mode === 'implicit' ? 'tls-first' : 'awaiting-greeting', tls: false };
}

/** The state after `event`, or why it may not happen now. Pure. */
export function transition(state: ClientState, event: ClientEvent): Transition {
  // RFC 3207 §4.2: once TLS is up, STARTTLS must not be sent again.
  if (event === 'send-starttls' && state.tls) return { ok: false, refusal: 'starttls-inside-tls' };
  const pending = state.pending ?? 0;
  const tls = state.tls || event === 'tls-up';
  // A reply to a pipelined command that is not the group's last: counted, the phase stays.
  if (REPLIES.has(event) && pending > 1 && TRANSITIONS[state.phase][event] !== undefined)
    return { ok: true, state: stateOf(state.phase, tls, pending - 1, state.pipelining) };
  const next =
    (state.pipelining ? PIPELINED[state.phase]?.[event] : undefined) ??
    TRANSITIONS[state.phase][event];
  if (next === undefined) return { ok: false, refusal: REFUSALS[state.phase] };
  const owed = REPLIES.has(event)
    ? Math.max(0, pending - 1)
    : event.startsWith('send-') && !NO_REPLY.has(event)
      ? pending + 1
      : pending;
  // TLS up: what EHLO said before is forgotten (RFC 3207 §4.2), PIPELINING included.
  const pipelining = event === 'tls-up' ? false : state.pipelining;
  return { ok: true, state: stateOf(next, tls, next === 'closed' ? 0 : owed, pipelining) };
}

function stateOf(
  phase: ClientPhase,
  tls: boolean,
  pending: number,
  pipelining: boolean | undefined,
): ClientState {
  return { phase, tls, ...(pending > 0 ? { pending } : {}), ...(pipelining ? { pipelining } : {}) };
}

/** Which send event a command line is, by its verb (after a 334, any line is the SASL answer). */
export function sendEventFor(line: string, state?: ClientState): ClientEvent {
  if (state?.phase === 'sasl-challenge') return 'send-sasl';
  const verb = (/^\s*(\S+)/.exec(line)?.[1] ?? '').toUpperCase();
  switch (verb) {
    case 'EHLO':
      return 'send-ehlo';
    case 'HELO':
      return 'send-helo';
    case 'STARTTLS':
      return 'send-starttls';
    case 'QUIT':
      return 'send-quit';
    case 'AUTH':
      return 'send-auth';
    case 'MAIL':
      return 'send-mail';
    case 'RCPT':
      return 'send-rcpt';
    case 'RSET':
      return 'send-rset';
    case 'DATA':
      return 'send-data';
    case 'BDAT':
      return 'send-bdat';
    default:
      return 'send-command';
  }
}

/**
 * How a reply moves the state: a greeting and a STARTTLS reply must be 220; 334 to AUTH and
 * 354 to DATA continue the command (only as the last reply owed); otherwise 2xx/3xx go on,
 * 4xx/5xx not.
 */
export function replyEvent(state: ClientState, code: number): ClientEvent {
  if (state.phase === 'awaiting-greeting' || state.phase === 'awaiting-starttls-reply')
    return code === 220 ? 'reply-positive' : 'reply-negative';
  const last = (state.pending ?? 0) <= 1;
  if (last && state.phase === 'awaiting-auth-reply' && code === 334) return 'reply-intermediate';
  if (last && state.phase === 'awaiting-data-reply' && code === 354) return 'reply-intermediate';
  // RFC 5321 §3.8: 421 is the server closing the channel. A QUIT after it would only wait out a
  // timeout for a reply that never comes. (A 421 greeting is refused like any other: above.)
  if (code === 421) return 'reply-closing';
  return code < 400 ? 'reply-positive' : 'reply-negative';
}

/** The state once the EHLO reply said whether PIPELINING is offered (RFC 2920 §3). */
export function withPipelining(state: ClientState, on: boolean): ClientState {
  return stateOf(state.phase, state.tls, state.pending ?? 0, on);
}
