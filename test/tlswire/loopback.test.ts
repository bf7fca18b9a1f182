// Real handshakes on 127.0.0.1: node:tls (OpenSSL) client and server with a recording forwarder
// between them, and the builder's hellos sent to a node:tls server on a raw socket. What the codec
// parses is checked against what the TLS stack itself reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HandshakeMessage,
  RecordParser,
  buildClientHello,
  findExtension,
  parseCertificate12,
  parseHandshakeMessage,
  parseClientHello,
  parseServerHello,
  summarizeClientHello,
  type RecordItem,
} from '../../src/tlswire/index.js';
import {
  type RunningServer,
  type TestCert,
  makeCert,
  sendRaw,
  startTlsServer,
  tapHandshake,
} from './support/loopback.js';

let cert: TestCert;
beforeAll(() => {
  cert = makeCert();
});

function parseStream(bytes: Uint8Array): { items: RecordItem[]; messages: HandshakeMessage[] } {
  const parser = new RecordParser();
  const { items, error } = parser.push(bytes);
  expect(error).toBeNull();
  const messages = items.flatMap((i) => (i.kind === 'handshake' ? [i.message] : []));
  return { items, messages };
}

function only<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('tapped node:tls handshakes', () => {
  it('TLS 1.2: ClientHello, ServerHello and the clear-text Certificate', async () => {
    // The server could do TLS 1.3, so its TLS 1.2 ServerHello carries the RFC 8446 §4.1.3 sentinel.
    const tap = await tapHandshake(
      { ...cert, minVersion: 'TLSv1.2' },
      {
        servername: 'mail.example.test',
        maxVersion: 'TLSv1.2',
        ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384',
      },
    );
    expect(tap.clientError).toBeNull();
    const client = parseStream(tap.clientToServer);
    const hello = only(parseClientHello((client.messages[0] as HandshakeMessage).body));
    const sum = summarizeClientHello(hello);
    expect(sum.serverName).toBe('mail.example.test');
    expect(sum.cipherSuites).toContain(0xc02b);
    expect(sum.cipherSuites).toContain(0xc02c);
    expect(sum.groups).toContain(29);
    expect(sum.versions).not.toContain(0x0304);
    expect(hello.legacyVersion).toBe(0x0303);

    const server = parseStream(tap.serverToClient);
    const types = server.messages.map((m) => m.typeName);
    expect(types.slice(0, 4)).toEqual([
      'server_hello',
      'certificate',
      'server_key_exchange',
      'server_hello_done',
    ]);
    const sh = only(parseServerHello((server.messages[0] as HandshakeMessage).body));
    expect(sh.selectedVersion).toBe(0x0303);
    expect([0xc02b, 0xc02c]).toContain(sh.cipherSuite);
    expect(sh.isHelloRetryRequest).toBe(false);
    expect(sh.downgradeSentinel).toBe('tls12');
    const ske = only(
      parseHandshakeMessage(server.messages[2] as HandshakeMessage, {
        version: sh.selectedVersion,
        cipherSuite: sh.cipherSuite,
      }),
    );
    expect(ske).toMatchObject({
      type: 'server_key_exchange',
      message: {
        kind: 'ecdhe',
        namedGroup: 29,
        publicKeyLength: 32,
        signature: { scheme: 0x0403 },
      },
    });
    const certs = only(parseCertificate12((server.messages[1] as HandshakeMessage).body));
    expect(certs.certificates).toHaveLength(1);
    expect(
      Buffer.from(certs.certificates[0] as Uint8Array).equals(
        Buffer.from(tap.peerCertificate ?? []),
      ),
    ).toBe(true);
    // After the server's ChangeCipherSpec its Finished is opaque, not a bogus handshake message.
    const last = server.items.filter((i) => i.kind === 'record').at(-1);
    expect(last?.kind === 'record' && last.record.encrypted).toBe(true);
  });

  it('TLS 1.3: ServerHello selects 0x0304 and a key share group; the rest is encrypted', async () => {
    const tap = await tapHandshake(
      { ...cert, minVersion: 'TLSv1.3' },
      { servername: 'mx.example.test', minVersion: 'TLSv1.3' },
    );
    expect(tap.clientError).toBeNull();
    const client = parseStream(tap.clientToServer);
    const sum = summarizeClientHello(
      only(parseClientHello((client.messages[0] as HandshakeMessage).body)),
    );
    expect(sum.serverName).toBe('mx.example.test');
    expect(sum.versions).toContain(0x0304);
    expect(sum.cipherSuites).toEqual(expect.arrayContaining([0x1301, 0x1302, 0x1303]));
    expect(sum.keyShareGroups).toEqual([29]);
    expect(sum.groups).toEqual(expect.arrayContaining([29, 23, 24]));

    const server = parseStream(tap.serverToClient);
    expect(server.messages.map((m) => m.typeName)).toEqual(['server_hello']);
    const sh = only(parseServerHello((server.messages[0] as HandshakeMessage).body));
    expect(sh.selectedVersion).toBe(0x0304);
    expect(sh.legacyVersion).toBe(0x0303);
    expect([0x1301, 0x1302, 0x1303]).toContain(sh.cipherSuite);
    expect(sh.keyShareGroup).toBe(29);
    const ks = findExtension(sh.extensions, 'key_share');
    expect(ks?.form === 'server' && ks.share.keyLength).toBe(32);
    const later = server.items.flatMap((i) =>
      i.kind === 'record' && i.record.typeName === 'application_data' ? [i.record] : [],
    );
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((r) => r.encrypted)).toBe(true);
  });

  it('a HelloRetryRequest is recognised by its random and names the group it wants', async () => {
    const tap = await tapHandshake(
      { ...cert, minVersion: 'TLSv1.3', ecdhCurve: 'P-384' },
      { minVersion: 'TLSv1.3' },
    );
    expect(tap.clientError).toBeNull();
    const server = parseStream(tap.serverToClient);
    const hellos = server.messages
      .filter((m) => m.typeName === 'server_hello')
      .map((m) => only(parseServerHello(m.body)));
    expect(hellos).toHaveLength(2);
    expect(hellos[0]?.isHelloRetryRequest).toBe(true);
    expect(hellos[0]?.keyShareGroup).toBe(24);
    expect(hellos[1]?.isHelloRetryRequest).toBe(false);
    expect(hellos[1]?.keyShareGroup).toBe(24);
    // The client's second hello carries the P-384 share the server asked for.
    const clientParser = new RecordParser();
    clientParser.noteHelloRetryRequest();
    const { items } = clientParser.push(tap.clientToServer);
    const second = items.flatMap((i) =>
      i.kind === 'handshake' ? [i.message] : [],
    )[1] as HandshakeMessage;
    expect(summarizeClientHello(only(parseClientHello(second.body))).keyShareGroups).toEqual([24]);
  });

  it('a TLS 1.3-only client and a TLS 1.2-only server: the protocol_version alert', async () => {
    const tap = await tapHandshake({ ...cert, maxVersion: 'TLSv1.2' }, { minVersion: 'TLSv1.3' });
    expect(tap.clientError).not.toBeNull();
    const server = parseStream(tap.serverToClient);
    const alerts = server.items.flatMap((i) => (i.kind === 'alert' ? [i.alert] : []));
    expect(alerts).toEqual([
      { level: 2, levelName: 'fatal', description: 70, descriptionName: 'protocol_version' },
    ]);
  });
});

describe('built ClientHellos sent to a real server', () => {
  let tls12: RunningServer;
  let tls13: RunningServer;
  let p256: RunningServer;
  beforeAll(async () => {
    tls12 = await startTlsServer({ ...cert, maxVersion: 'TLSv1.2' });
    tls13 = await startTlsServer({ ...cert, minVersion: 'TLSv1.3' });
    p256 = await startTlsServer({ ...cert, minVersion: 'TLSv1.3', ecdhCurve: 'P-256' });
  });
  afterAll(async () => {
    await Promise.all([tls12.close(), tls13.close(), p256.close()]);
  });

  async function serverHelloFor(port: number, hello: Uint8Array): Promise<RecordItem[]> {
    const items: RecordItem[] = [];
    await sendRaw(port, hello, (bytes) => {
      items.splice(0, items.length, ...new RecordParser().push(bytes).items);
      return items.some((i) => i.kind === 'handshake' || i.kind === 'alert');
    });
    return items;
  }

  function firstServerHello(items: RecordItem[]) {
    const msg = items.find((i) => i.kind === 'handshake');
    if (!msg || msg.kind !== 'handshake')
      throw new Error(`no handshake message in ${JSON.stringify(items.map((i) => i.kind))}`);
    return only(parseServerHello(msg.message.body));
  }

  it('TLS 1.2 hello with ECDHE-ECDSA suites gets a TLS 1.2 ServerHello', async () => {
    const hello = buildClientHello({
      version: 0x0303,
      cipherSuites: [0xc02b, 0xc02c, 0x00ff],
      sni: 'x',
    });
    const sh = firstServerHello(await serverHelloFor(tls12.port, hello));
    expect(sh.selectedVersion).toBe(0x0303);
    expect([0xc02b, 0xc02c]).toContain(sh.cipherSuite);
    expect(findExtension(sh.extensions, 'renegotiation_info')).toBeDefined();
    expect(findExtension(sh.extensions, 'extended_master_secret')).toBeDefined();
  });

  it('TLS 1.3 hello with an X25519 share gets a TLS 1.3 ServerHello using it', async () => {
    const hello = buildClientHello({
      version: 0x0303,
      supportedVersions: [0x0304],
      cipherSuites: [0x1301, 0x1302],
      sni: 'x',
    });
    const sh = firstServerHello(await serverHelloFor(tls13.port, hello));
    expect(sh.isHelloRetryRequest).toBe(false);
    expect(sh.selectedVersion).toBe(0x0304);
    expect([0x1301, 0x1302]).toContain(sh.cipherSuite);
    expect(sh.keyShareGroup).toBe(29);
  });

  it('TLS 1.3 hello with a real P-256 point is accepted by a P-256-only server', async () => {
    const hello = buildClientHello({
      version: 0x0303,
      supportedVersions: [0x0304],
      cipherSuites: [0x1303],
      groups: [23],
      keyShares: [{ group: 23 }],
    });
    const sh = firstServerHello(await serverHelloFor(p256.port, hello));
    expect(sh.isHelloRetryRequest).toBe(false);
    expect(sh.keyShareGroup).toBe(23);
    const ks = findExtension(sh.extensions, 'key_share');
    expect(ks?.form === 'server' && ks.share.keyLength).toBe(65);
  });

  // OpenSSL built without SSL 3.0 answers an SSL 3.0 hello with handshake_failure, not
  // protocol_version; either way the server read the hello and answered with a parseable alert.
  it.each([
    ['TLS 1.1', 0x0302, 'fatal protocol_version'],
    ['TLS 1.0', 0x0301, 'fatal protocol_version'],
    ['SSL 3.0', 0x0300, 'fatal handshake_failure'],
  ])(
    'a %s hello to a TLS 1.2+ server is answered with an alert',
    async (_name, version, expected) => {
      const hello = buildClientHello({ version, cipherSuites: [0x002f, 0x000a, 0xc009] });
      const items = await serverHelloFor(tls12.port, hello);
      const alerts = items.flatMap((i) => (i.kind === 'alert' ? [i.alert] : []));
      expect(alerts.map((a) => `${a.levelName} ${a.descriptionName}`)).toEqual([expected]);
    },
  );

  it('TLS 1.3 hello without a matching share gets a HelloRetryRequest', async () => {
    const hello = buildClientHello({
      version: 0x0303,
      supportedVersions: [0x0304],
      cipherSuites: [0x1301],
      groups: [29, 23],
      keyShares: [{ group: 29 }],
    });
    const sh = firstServerHello(await serverHelloFor(p256.port, hello));
    expect(sh.isHelloRetryRequest).toBe(true);
    expect(sh.keyShareGroup).toBe(23);
  });
});
