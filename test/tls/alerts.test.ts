// TLS failures are told in words: alert numbers decoded, OpenSSL strings stripped of build paths.
import { describe, expect, it } from 'vitest';
import { alertFromMessage, describeAlert, openSslWords } from '../../src/tls/alerts.js';

describe('TLS alerts and OpenSSL messages in words', () => {
  it('decodes an alert number, known or not', () => {
    expect(
      alertFromMessage('... tlsv1 alert protocol version:...SSL alert number 70'),
    ).toMatchObject({ code: 70, name: 'protocol_version' });
    expect(describeAlert(250).description).toBe('unknown TLS alert 250');
    expect(alertFromMessage('no alert here')).toBeNull();
  });

  it('keeps the reason and function of an OpenSSL 3 error string, not its source path', () => {
    const msg =
      '802C8CFF507F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';
    expect(openSslWords(msg)).toBe('wrong version number (OpenSSL ssl3_get_record)');
  });

  it('leaves other messages as they are, trimmed', () => {
    expect(openSslWords('Client network socket disconnected before secure TLS connection\n')).toBe(
      'Client network socket disconnected before secure TLS connection',
    );
  });
});
