// The presented chain as one PEM file, as `openssl s_client -showcerts` prints it: leaf first,
// in the order the server sent it. Each block is preceded by a `# [n] subject` line (1-based,
// as everywhere else); text outside BEGIN/END lines is ignored by PEM readers (RFC 7468 §2),
// so the file still loads as a bundle (openssl, Node's tls `ca`, --ca-file).
import type { CertificateInfo } from '../model/tls.js';

export function chainPem(chain: readonly CertificateInfo[]): string {
  return chain
    .map((c, i) => {
      // The subject is already escaped (cert-info.ts); a line break must not end the comment.
      const subject = c.subject.replace(/[\r\n]+/g, ' ');
      const pem = c.pem.endsWith('\n') ? c.pem : `${c.pem}\n`;
      return `# [${i + 1}] ${subject}\n${pem}`;
    })
    .join('');
}
