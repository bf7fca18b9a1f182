// What went wrong, said at the pause after the step that went wrong rather than only at the
// end: the verdict the facts so far would get (the wording module's words for it), and what
// the user can try next from this screen. Only the "try next" sentences are new here; they
// name keys of this screen, so they belong to the TUI.
import type { JudgedProbe, ProbeFacts, ProbeOptions } from '../model/index.js';
import { judge } from '../policy/verdict.js';
import { answeredWithoutTls } from '../tls/error-codes.js';

/** A hint; `key` is the one key on the session screen that acts on it. */
export interface TryHint {
  key: 'i' | null;
  text: string;
}

/** The facts so far, judged as if the run ended here. */
export function judgedSoFar(facts: ProbeFacts, o: ProbeOptions): JudgedProbe {
  return judge({
    probeId: 'so-far',
    target: { host: o.host, port: o.port, address: facts.address, tlsMode: facts.tlsMode },
    startedAt: '',
    finishedAt: '',
    ms: 0,
    steps: [],
    transcript: [],
    facts,
  });
}

/** A verdict worth explaining before the end: anything but ok (tested or not). */
export function hasProblem(p: JudgedProbe): boolean {
  return p.verdict.status !== 'ok';
}

/**
 * A port other than 25 that says nothing (or hangs up) before a greeting, probed with
 * STARTTLS: it may be an implicit-TLS port waiting for the ClientHello (RFC 8314 §3.3).
 */
export function silentBanner(f: ProbeFacts, o: ProbeOptions): boolean {
  const x = f.failure;
  return (
    o.port !== 25 &&
    o.tlsMode !== 'implicit' &&
    x !== null &&
    x.stage === 'banner' &&
    (x.kind === 'timeout' || x.kind === 'closed' || x.kind === 'reset') &&
    f.banner === null
  );
}

/** An implicit-TLS probe whose port answered in plaintext: it is likely a STARTTLS port. */
function plaintextAnswer(f: ProbeFacts, o: ProbeOptions): boolean {
  const x = f.failure;
  return (
    o.tlsMode === 'implicit' &&
    x?.kind === 'tls' &&
    x.tls !== undefined &&
    answeredWithoutTls(x.tls)
  );
}

/** Whether `i` (the other TLS mode, from the original options) is offered on this screen. */
export function offersModeSwitch(f: ProbeFacts, o: ProbeOptions): boolean {
  return silentBanner(f, o) || plaintextAnswer(f, o);
}

export function tryNext(p: JudgedProbe, o: ProbeOptions): TryHint[] {
  const f = p.facts;
  const out: TryHint[] = [];
  if (silentBanner(f, o))
    out.push({
      key: 'i',
      text: `i: try implicit TLS — port ${o.port} sent no greeting, as a port that expects the TLS handshake first (465, RFC 8314 §3.3) does.`,
    });
  if (plaintextAnswer(f, o))
    out.push({
      key: 'i',
      text: 'i: try STARTTLS — the port answered in plaintext SMTP, as a STARTTLS port (25, 587) does.',
    });
  const tls = f.failure?.kind === 'tls' ? f.failure.tls : undefined;
  if (tls && !plaintextAnswer(f, o))
    out.push({
      key: null,
      text: f.versionLimit
        ? 'v then 1 or 2: try TLS 1.2 only or TLS 1.3 only, as current senders offer (the variant drops the version limit of this run).'
        : 'v then 1 or 2: see whether TLS 1.2 only or TLS 1.3 only gets through.',
    });
  const problems = f.certificate?.problems ?? [];
  if (problems.includes('hostname-mismatch'))
    out.push({
      key: null,
      text: 'v then 6: check the certificate against another name (the MX host name senders look up).',
    });
  if (problems.includes('untrusted-root') && !o.caPems?.length)
    out.push({
      key: null,
      text: 'A private CA? Run again with --ca-file ROOT.pem to verify against it.',
    });
  const reply = f.failure?.stage === 'starttls' ? f.failure.reply : undefined;
  if (reply && reply.code >= 400 && reply.code < 500)
    out.push({ key: null, text: 'r: try again — a 4xx refusal is temporary (RFC 5321 §4.2.1).' });
  return out;
}
