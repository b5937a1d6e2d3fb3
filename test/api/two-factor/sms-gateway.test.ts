// The SMS gateway adapter: HTTP contract against a loopback stub, every failure as one clear error, and the outbox.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createSmsGateway, SmsDeliveryError, type SmsFailureReason } from '../../../api/two-factor/sms-gateway';
import { AppError } from '../../../shared/errors';
import { makeTempDir, removeTempDir } from '../db/helpers';
import { codeFrom, collectingSmsLogger, silentSmsLogger, startStubGateway, STUB_SECRET_DETAIL, unusedPort, type StubGateway } from './sms-stub-gateway';

jest.setTimeout(30_000);

const message = { to: '+31612345678', text: 'Zegel-code: 123456. Geldig 5 min. Deel deze code met niemand. / Zegel code, valid 5 min, share with no one.' };

let dir: string;
let stub: StubGateway;

beforeAll(async () => {
  dir = makeTempDir('sms-gateway');
  stub = await startStubGateway();
});
afterAll(async () => {
  await stub.close();
  removeTempDir(dir);
});
beforeEach(() => {
  stub.requests.length = 0;
  stub.mode = { kind: 'ok' };
});

const httpGateway = (extra: { timeoutMs?: number; logger?: ReturnType<typeof collectingSmsLogger> } = {}) =>
  createSmsGateway({ url: stub.url, token: stub.token, outboxDir: path.join(dir, 'unused'), logger: extra.logger ?? silentSmsLogger, ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}) });

async function expectDeliveryFailure(promise: Promise<unknown>, reason: SmsFailureReason): Promise<SmsDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmsDeliveryError);
  expect(error).toBeInstanceOf(AppError);
  const failure = error as SmsDeliveryError;
  expect(failure.code).toBe('SMS_DELIVERY_FAILED');
  expect(failure.status).toBe(502);
  expect(failure.reason).toBe(reason);
  expect(failure.message).toMatch(/could not send the SMS/);
  expect(JSON.stringify({ message: failure.message, body: failure.toBody(), cause: String(failure.cause) })).not.toContain(STUB_SECRET_DETAIL);
  return failure;
}

describe('HTTP transport', () => {
  it('POSTs JSON {to, text, reference} with the bearer token, and resolves on 2xx', async () => {
    const logger = collectingSmsLogger();
    const gateway = httpGateway({ logger });
    expect(gateway.transport).toBe('http');
    expect(gateway.outbox).toBeUndefined();
    await gateway.send(message);
    stub.mode = { kind: 'ok', status: 200, body: '' };
    await gateway.send(message);
    stub.mode = { kind: 'ok', status: 204, body: '' };
    await gateway.send(message);

    expect(stub.requests).toHaveLength(3);
    const [first, second] = stub.requests;
    expect(first!.method).toBe('POST');
    expect(first!.url).toBe('/sms');
    expect(first!.headers['content-type']).toBe('application/json');
    expect(first!.headers.authorization).toBe(`Bearer ${stub.token}`);
    expect(Object.keys(first!.json ?? {}).sort()).toEqual(['reference', 'text', 'to']);
    expect(first!.json).toEqual({ to: '+31612345678', text: message.text, reference: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(second!.json?.reference).not.toBe(first!.json?.reference);
    expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);

    // The log says what happened, with the last two digits only: no text, code, number or token.
    const logged = logger.text();
    expect(logged).toContain('"phoneLast2":"78"');
    expect(logged).toContain(String(first!.json?.reference));
    expect(logged).not.toMatch(/123456|612345678|Zegel-code|stub-token/);
  });

  it.each([
    [500, 'Internal error at provider-internal-detail-7f3a'],
    [401, `invalid token ${STUB_SECRET_DETAIL}`],
    [429, 'slow down'],
    [503, ''],
  ])('turns status %i into SMS_DELIVERY_FAILED without the gateway text', async (status, body) => {
    stub.mode = { kind: 'status', status, body };
    const logger = collectingSmsLogger();
    const failure = await expectDeliveryFailure(httpGateway({ logger }).send(message), 'status');
    expect(failure.httpStatus).toBe(status);
    expect(stub.requests).toHaveLength(1);
    expect(logger.text()).toContain(`"status":${status}`);
    expect(logger.text()).not.toMatch(new RegExp(`${STUB_SECRET_DETAIL}|123456|612345678|stub-token`));
  });

  it('does not follow a redirect (it would carry the token and the code elsewhere)', async () => {
    let followed = 0;
    const target = http.createServer((_req, res) => {
      followed += 1;
      res.end();
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', () => resolve()));
    const redirector = http.createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/` });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', () => resolve()));
    try {
      const gateway = createSmsGateway({ url: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/`, token: 't0ken', outboxDir: dir, logger: silentSmsLogger });
      await expectDeliveryFailure(gateway.send(message), 'network');
      expect(followed).toBe(0);
    } finally {
      target.close();
      redirector.close();
    }
  });

  it('treats an answer that is not HTTP as a failure', async () => {
    stub.mode = { kind: 'garbage' };
    await expectDeliveryFailure(httpGateway().send(message), 'malformed-response');
  });

  it('treats a 200 whose body is cut short as a failure', async () => {
    stub.mode = { kind: 'truncated' };
    await expectDeliveryFailure(httpGateway().send(message), 'malformed-response');
  });

  it('fails clearly when nothing listens', async () => {
    const port = await unusedPort();
    const gateway = createSmsGateway({ url: `http://127.0.0.1:${port}/sms`, token: 't0ken', outboxDir: dir, logger: silentSmsLogger });
    await expectDeliveryFailure(gateway.send(message), 'network');
  });

  it('gives up after timeoutMs on a gateway that never answers', async () => {
    stub.mode = { kind: 'hang' };
    const started = Date.now();
    await expectDeliveryFailure(httpGateway({ timeoutMs: 300 }).send(message), 'timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(stub.requests).toHaveLength(1);
  });

  it('refuses a bad number or text before anything is sent', async () => {
    const gateway = httpGateway();
    for (const to of ['0612345678', '+31 6 12345678', '+0612345678', '+31612345678\n', '']) {
      await expect(gateway.send({ ...message, to })).rejects.toThrow(TypeError);
    }
    for (const text of ['', 'two\nlines', 'x'.repeat(613)]) {
      await expect(gateway.send({ ...message, text })).rejects.toThrow(TypeError);
    }
    expect(stub.requests).toHaveLength(0);
  });

  it('refuses an unsafe configuration at start-up, without echoing the URL or token', () => {
    const make = (url: string, token: string | undefined, allowPlainHttp?: boolean) => () =>
      createSmsGateway({ url, token, outboxDir: dir, logger: silentSmsLogger, ...(allowPlainHttp !== undefined ? { allowPlainHttp } : {}) });
    expect(make('http://sms.example.nl/send', 'secret-tok')).toThrow(/loopback/);
    expect(make('https://user:pass@sms.example.nl/send', 'secret-tok')).toThrow(/SMS_GATEWAY_TOKEN/);
    expect(make('https://sms.example.nl/send', undefined)).toThrow(/token/);
    expect(make('https://sms.example.nl/send', 'with space')).toThrow(/token/);
    expect(make('ftp://sms.example.nl/', 'secret-tok')).toThrow(/http/);
    expect(make('http://sms.example.nl/send', 'secret-tok', true)).not.toThrow();
    expect(make('https://sms.example.nl/send', 'secret-tok')).not.toThrow();
    try {
      make('http://sms.example.nl/send', 'secret-tok')();
    } catch (err) {
      expect(String(err)).not.toMatch(/sms\.example|secret-tok/);
    }
  });
});

describe('outbox transport', () => {
  it('writes one private JSON file per SMS that a developer can list and read', async () => {
    const outboxDir = path.join(dir, 'outbox', 'nested');
    const logger = collectingSmsLogger();
    const gateway = createSmsGateway({ url: undefined, token: undefined, outboxDir, logger });
    expect(gateway.transport).toBe('outbox');
    await gateway.send(message);
    await gateway.send({ to: '+4915112345678', text: 'Zegel-code: 654321. x' });

    expect(fs.statSync(outboxDir).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(outboxDir);
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{16}\.json$/);
      expect(fs.statSync(path.join(outboxDir, file)).mode & 0o777).toBe(0o600);
    }
    const list = await gateway.outbox!.list();
    expect(list).toHaveLength(2);
    expect(list.map((m) => m.to).sort()).toEqual(['+31612345678', '+4915112345678']);
    expect(list[0]).not.toHaveProperty('text');
    const read = await gateway.outbox!.read(list.find((m) => m.to === '+31612345678')!.id);
    expect(codeFrom(read?.text)).toBe('123456');
    expect(await gateway.outbox!.read('../../etc/passwd')).toBeNull();
    expect(await gateway.outbox!.read('20260101T000000000Z-0123456789abcdef')).toBeNull();
    expect(logger.text()).not.toMatch(/123456|654321|612345678|15112345678/);
  });

  it('turns an unwritable outbox into SMS_DELIVERY_FAILED', async () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'x');
    const gateway = createSmsGateway({ url: undefined, outboxDir: path.join(blocker, 'sub'), logger: silentSmsLogger });
    await expectDeliveryFailure(gateway.send(message), 'outbox');
  });
});
