// The client side of an SMTP dialogue as a state table, in the style of h11's _state.py: the
// legal moves are data, and anything else is refused with a reason. The engine asks before it
// writes, so it never speaks before the greeting (RFC 5321 §4.3.1), never writes plaintext into
// an implicit-TLS port before the handshake (RFC 8314 §3.3), never sends a command while one is
// unanswered without PIPELINING, and never speaks after "220 Ready to start TLS" until the
// handshake is done (RFC 3207 §4).

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
  | 'tls-up'
  | 'close'
  // What the server does.
  | 'reply-positive'
  | 'reply-negative'
  | 'lost-step'
  | 'peer-closed';

type Row = Partial<Record<ClientEvent, ClientPhase>>;

/** Every event may close the connection from our side or see the peer close it. */
const ENDS: Row = { close: 'closed', 'peer-closed': 'closed' };
const READING: Row = { ...ENDS, 'lost-step': 'out-of-step' };
const COMMANDS: Row = {
  'send-ehlo': 'awaiting-reply',
  'send-helo': 'awaiting-reply',
  'send-command': 'awaiting-reply',
  'send-starttls': 'awaiting-starttls-reply',
  'send-quit': 'awaiting-quit-reply',
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
    'reply-positive': 'closed',
    'reply-negative': 'closed',
    'lost-step': 'closed',
  },
  'out-of-step': { ...ENDS },
  closed: {},
};

/** Why a move is not allowed, as a code (the words are the caller's). */
export type Refusal =
  | 'before-greeting'
  | 'before-tls'
  | 'awaiting-reply'
  | 'greeting-refused'
  | 'ehlo-first'
  | 'starttls-inside-tls'
  | 'out-of-step'
  | 'closed';

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
  'out-of-step': 'out-of-step',
  closed: 'closed',
};

export interface ClientState {
  phase: ClientPhase;
  /** TLS is up on this connection (STARTTLS done, or implicit TLS). */
  tls: boolean;
}

export type Transition = { ok: true; state: ClientState } | { ok: false; refusal: Refusal };

export function initialState(mode: 'plain' | 'implicit'): ClientState {
  return { phase: mode === 'implicit' ? 'tls-first' : 'awaiting-greeting', tls: false };
}

/** The state after `event`, or why it may not happen now. Pure. */
export function transition(state: ClientState, event: ClientEvent): Transition {
  // RFC 3207 §4.2: once TLS is up, STARTTLS must not be sent again.
  if (event === 'send-starttls' && state.tls) return { ok: false, refusal: 'starttls-inside-tls' };
  const next = TRANSITIONS[state.phase][event];
  if (next === undefined) return { ok: false, refusal: REFUSALS[state.phase] };
  return { ok: true, state: { phase: next, tls: state.tls || event === 'tls-up' } };
}

/** Which send event a command line is, by its verb. */
export function sendEventFor(line: string): ClientEvent {
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
    default:
      return 'send-command';
  }
}

/** How a reply moves the state: a greeting and a STARTTLS reply must be 220; otherwise 2xx/3xx go on, 4xx/5xx not. */
export function replyEvent(state: ClientState, code: number): ClientEvent {
  if (state.phase === 'awaiting-greeting' || state.phase === 'awaiting-starttls-reply')
    return code === 220 ? 'reply-positive' : 'reply-negative';
  return code < 400 ? 'reply-positive' : 'reply-negative';
}
