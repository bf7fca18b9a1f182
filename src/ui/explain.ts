// Learn mode: what each step sends and why, what a good reply looks like, and where the rule is
// written. Plain language first; the RFC section for those who want the source.
import type { StepName } from '../session/types.js';

export interface Explanation {
  title: string;
  what: string;
  good: string;
  rfc: string;
}

export const EXPLAIN: Record<StepName, Explanation> = {
  connect: {
    title: 'Connect',
    what: 'Look up the address and open a TCP connection to the SMTP port (25 for server-to-server mail).',
    good: 'The connection opens at once. Refused or silent means a firewall, a wrong MX or a stopped MTA.',
    rfc: 'RFC 5321 §4.5.3.2.1 (client waits up to 5 min); MX lookup: RFC 5321 §5',
  },
  banner: {
    title: 'Banner (greeting)',
    what: 'Send nothing yet: the server speaks first. A client that talks early looks like spam software.',
    good: '220 and the server name. 421 or 554 mean the server refuses this client (blocklist, overload).',
    rfc: 'RFC 5321 §4.3.1 (greeting), §3.1',
  },
  ehlo: {
    title: 'EHLO',
    what: 'Introduce ourselves and ask which extensions the server supports.',
    good: '250 with one extension per line; STARTTLS must be among them for encryption to be possible.',
    rfc: 'RFC 5321 §4.1.1.1; STARTTLS keyword: RFC 3207 §4',
  },
  starttls: {
    title: 'STARTTLS',
    what: 'Ask to turn this plain connection into an encrypted one, on the same socket.',
    good: '220 "Ready to start TLS". 454 means the server has a TLS problem; 5xx means it will not do it.',
    rfc: 'RFC 3207 §4 (command), §4.1 (454 reply)',
  },
  tls: {
    title: 'TLS handshake',
    what: 'ClientHello with our TLS versions, cipher suites and the SNI name; the server answers and proves its key.',
    good: 'TLS 1.3 (or 1.2) with an AEAD cipher (AES-GCM, ChaCha20) and an ECDHE key exchange.',
    rfc: 'RFC 8446 (TLS 1.3) §2, §4; SNI: RFC 6066 §3; SMTP use: RFC 8314, RFC 3207 §4.2',
  },
  certificate: {
    title: 'Certificate',
    what: 'Check the chain the server sent: dates, the issuer path to a trusted root, and the name.',
    good: 'Leaf + intermediates sent, chaining to a trusted root, valid now, naming the MX host.',
    rfc: 'RFC 5280 §6 (path validation); names: RFC 6125 / RFC 9525; MTA-STS: RFC 8461; DANE: RFC 7672',
  },
  'ehlo-tls': {
    title: 'EHLO again (inside TLS)',
    what: 'Say EHLO again: everything learned before TLS must be forgotten, it was not protected.',
    good: '250 without STARTTLS; AUTH often appears only now, which is how it should be.',
    rfc: 'RFC 3207 §4.2',
  },
  quit: {
    title: 'QUIT',
    what: 'Say goodbye so the server closes the session cleanly.',
    good: '221 and the connection closes.',
    rfc: 'RFC 5321 §4.1.1.10',
  },
};
