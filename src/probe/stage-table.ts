// The stage table: for each stage of a session, its label, what it is for, what a good answer
// looks like, where the rule is written, what it requires and the command it will send. The
// engine runs stages by this table's order (plan.ts picks the rows for a TLS mode); the TUI's
// step list and explanations and the reports read their words here, and nowhere else.
import type { ProbeSpec } from '../model/probe-spec.js';
import type { StageId } from '../model/stages.js';
import type { Escaped } from '../model/text.js';
import { ehloCommand } from '../smtp/commands.js';
import { esc, escapeText } from '../smtp/escape.js';
import { sniFor } from '../tls/sni.js';
import { SUBMISSION_STAGE_ROWS } from './stage-table-submit.js';

export interface Stage {
  id: StageId;
  /** Short name in the step list. */
  label: string;
  /** Heading of the explanation panel. */
  title: string;
  /** What the stage does and why. */
  what: string;
  /** What a good answer looks like, and what the bad ones mean. */
  good: string;
  /** Where the rule is written. */
  rfc: string;
  /** Stages that must have succeeded before this one can run. */
  requires: readonly StageId[];
  /** The exact command the stage sends (shown while guided mode waits), or null. */
  preview: (spec: ProbeSpec) => Escaped | null;
}

const ehloPreview = (spec: ProbeSpec): Escaped | null => {
  const built = ehloCommand(spec.ehloName);
  return built.ok ? escapeText(built.line) : null;
};

export const STAGES: Readonly<Record<StageId, Stage>> = {
  connect: {
    id: 'connect',
    label: 'connect',
    title: 'Connect',
    what: 'Look up the address and open a TCP connection to the SMTP port (25 for server-to-server mail).',
    good: 'The connection opens at once. Refused or silent means a firewall, a wrong MX or a stopped MTA.',
    rfc: 'MX lookup and connection: RFC 5321 §5; ports: RFC 5321 §4.5.3.2 (timeouts), RFC 8314 §3 (465)',
    requires: [],
    preview: (spec) => esc`connect to ${spec.host} port ${spec.port}`,
  },
  banner: {
    id: 'banner',
    label: 'banner',
    title: 'Banner (greeting)',
    what: 'Send nothing yet: the server speaks first. A client that talks early looks like spam software.',
    good: '220 and the server name. 421 or 554 mean the server refuses this client (blocklist, overload).',
    rfc: 'RFC 5321 §4.3.1 (greeting), §3.1; greeting timeout: §4.5.3.2.1',
    requires: ['connect'],
    preview: () => null,
  },
  ehlo: {
    id: 'ehlo',
    label: 'EHLO',
    title: 'EHLO',
    what: 'Introduce ourselves and ask which extensions the server supports.',
    good: '250 with one extension per line; STARTTLS must be among them for encryption to be possible.',
    rfc: 'RFC 5321 §4.1.1.1; STARTTLS keyword: RFC 3207 §4',
    requires: ['banner'],
    preview: ehloPreview,
  },
  starttls: {
    id: 'starttls',
    label: 'STARTTLS',
    title: 'STARTTLS',
    what: 'Ask to turn this plain connection into an encrypted one, on the same socket.',
    good: '220 "Ready to start TLS". 454 means the server has a TLS problem; 5xx means it will not do it.',
    rfc: 'RFC 3207 §4 (command and the 454 reply)',
    requires: ['ehlo'],
    preview: () => esc`STARTTLS`,
  },
  tls: {
    id: 'tls',
    label: 'TLS handshake',
    title: 'TLS handshake',
    what: 'ClientHello with our TLS versions, cipher suites and the SNI name; the server answers and proves its key.',
    good: 'TLS 1.3 (or 1.2) with an AEAD cipher (AES-GCM, ChaCha20) and an ECDHE key exchange.',
    rfc: 'RFC 8446 (TLS 1.3) §2, §4; SNI: RFC 6066 §3; SMTP use: RFC 3207 §4.2; implicit TLS: RFC 8314 §3.3',
    requires: [],
    preview: (spec) => {
      const sni = sniFor(spec);
      return sni ? esc`TLS ClientHello (SNI ${sni})` : esc`TLS ClientHello (no SNI)`;
    },
  },
  certificate: {
    id: 'certificate',
    label: 'certificate',
    title: 'Certificate',
    what: 'Check the chain the server sent: dates, the issuer path to a trusted root, and the name.',
    good: 'Leaf + intermediates sent, chaining to a trusted root, valid now, naming the MX host.',
    rfc: 'RFC 5280 §6 (path validation); names: RFC 6125 / RFC 9525; MTA-STS: RFC 8461; DANE: RFC 7672',
    requires: ['tls'],
    preview: () => null,
  },
  'ehlo-tls': {
    id: 'ehlo-tls',
    label: 'EHLO again',
    title: 'EHLO again (inside TLS)',
    what: 'Say EHLO again: everything learned before TLS must be forgotten, it was not protected.',
    good: '250 without STARTTLS; AUTH often appears only now, which is how it should be.',
    rfc: 'RFC 3207 §4.2',
    requires: ['tls'],
    preview: ehloPreview,
  },
  ...SUBMISSION_STAGE_ROWS,
  quit: {
    id: 'quit',
    label: 'QUIT',
    title: 'QUIT',
    what: 'Say goodbye so the server closes the session cleanly.',
    good: '221 and the connection closes.',
    rfc: 'RFC 5321 §4.1.1.10',
    requires: [],
    preview: () => esc`QUIT`,
  },
};
