// The mailer against a real SMTP server on loopback, and the local outbox with its development routes.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { createMailer, type Mailer } from '../../../api/mail/mailer';
import { outboxRoutes } from '../../../api/mail/routes';
import { createLogger } from '../../../api/logging';
import { AppError } from '../../../shared/errors';
import { alwaysAvailable, buildTestApp, captureLogs } from '../../helpers/app';
import { makeTempDir, removeTempDir } from '../db/helpers';
import { silentMailLogger, startSmtpSink, unusedPort, type SmtpSink } from './smtp-sink';

jest.setTimeout(30_000);

const message = {
  to: 'Mr.Jansen@Kantoor.NL',
  subject: 'Uw code / Your code',
  text: 'Uw code is één-twee-drie.\nYour code is one-two-three.',
  html: '<p>Uw code is één-twee-drie.</p>',
  kind: 'test',
};

let dir: string;
const mailers: Mailer[] = [];
const track = (mailer: Mailer) => {
  mailers.push(mailer);
  return mailer;
};

beforeAll(() => {
  dir = makeTempDir('mail');
});
afterEach(async () => {
  await Promise.all(mailers.splice(0).map((m) => m.close()));
});
afterAll(() => removeTempDir(dir));

async function expectDeliveryFailure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('MAIL_DELIVERY_FAILED');
  return error as AppError;
}

describe('SMTP transport', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.messages.length = 0;
    sink.refuseRecipients = false;
  });

  it('delivers recipient, subject, text and html to the server', async () => {
    const mailer = track(createMailer({ smtpUrl: sink.url, from: 'Zegel <no-reply@zegel.test>', outboxDir: path.join(dir, 'unused'), logger: silentMailLogger }));
    expect(mailer.transport).toBe('smtp');
    expect(mailer.outbox).toBeUndefined();
    await mailer.send(message);
    expect(sink.messages).toHaveLength(1);
    const received = sink.messages[0]!;
    expect(received.to).toEqual(['mr.jansen@kantoor.nl']);
    expect(received.from).toBe('no-reply@zegel.test');
    expect(received.subject).toBe(message.subject);
    expect(received.text.trim()).toBe(message.text);
    expect(received.html).toContain('één-twee-drie');
    expect(received.headers['auto-submitted']).toBe('auto-generated');
    expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);
  });

  it('turns a refused recipient into MAIL_DELIVERY_FAILED without the server text, and logs no content', async () => {
    sink.refuseRecipients = true;
    const { logs, destination } = captureLogs();
    const mailer = track(createMailer({ smtpUrl: sink.url, from: 'no-reply@zegel.test', outboxDir: dir, logger: createLogger({ level: 'info', destination }) }));
    const error = await expectDeliveryFailure(mailer.send(message));
    expect(JSON.stringify({ message: error.message, body: error.toBody(), cause: String(error.cause) })).not.toMatch(/secret detail|internal-host|mailbox unavailable/);
    expect(sink.messages).toHaveLength(0);
    const logged = logs.text();
    expect(logged).toContain('"responseCode":550');
    expect(logged).not.toMatch(/secret detail|internal-host|één|Uw code|kantoor\.nl/i);
  });

  it('fails with MAIL_DELIVERY_FAILED when nothing listens', async () => {
    const port = await unusedPort();
    const mailer = track(createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'no-reply@zegel.test', outboxDir: dir, logger: silentMailLogger }));
    await expectDeliveryFailure(mailer.send(message));
  });

  it('gives up quickly on a server that never greets', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const mailer = track(createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'no-reply@zegel.test', outboxDir: dir, logger: silentMailLogger, timeouts: { greetingMs: 300 } }));
      const started = Date.now();
      await expectDeliveryFailure(mailer.send(message));
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });

  it('refuses a "to" that is not one plain address, before anything is sent', async () => {
    const mailer = track(createMailer({ smtpUrl: sink.url, from: 'no-reply@zegel.test', outboxDir: dir, logger: silentMailLogger }));
    for (const to of ['a@kantoor.nl, b@kantoor.nl', 'Jansen <a@kantoor.nl>', 'a@kantoor.nl\r\nBcc: b@kantoor.nl', 'not-an-address']) {
      await expect(mailer.send({ ...message, to })).rejects.toThrow(TypeError);
    }
    await expect(mailer.send({ ...message, subject: 'x\r\nBcc: b@kantoor.nl' })).rejects.toThrow(TypeError);
    expect(sink.messages).toHaveLength(0);
  });
});

describe('outbox transport and its development routes', () => {
  it('writes one private JSON file per message and lists it over HTTP', async () => {
    const outboxDir = path.join(dir, 'outbox-a', 'nested');
    const { logs, destination } = captureLogs();
    const mailer = track(createMailer({ smtpUrl: undefined, from: 'Zegel <no-reply@zegel.test>', outboxDir, logger: createLogger({ level: 'info', destination }) }));
    expect(mailer.transport).toBe('outbox');
    await mailer.send(message);
    await mailer.send({ ...message, subject: 'Tweede / Second', kind: 'second' });

    expect(fs.statSync(outboxDir).mode & 0o777).toBe(0o700);
    const files = fs.readdirSync(outboxDir);
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file).toMatch(/^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{16}\.json$/);
      expect(fs.statSync(path.join(outboxDir, file)).mode & 0o777).toBe(0o600);
    }
    expect(logs.text()).not.toMatch(/één|Uw code/);

    const { app } = buildTestApp({ database: alwaysAvailable, routes: outboxRoutes(mailer) });
    const list = await request(app).get('/dev/outbox');
    expect(list.status).toBe(200);
    expect(list.body.messages).toHaveLength(2);
    const [newest, oldest] = list.body.messages;
    expect(oldest).toEqual({ id: expect.any(String), time: expect.any(String), kind: 'test', to: 'mr.jansen@kantoor.nl', subject: message.subject });
    expect(newest.kind).toBe('second');
    expect(oldest.text).toBeUndefined();

    const one = await request(app).get(`/dev/outbox/${oldest.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(expect.objectContaining({ id: oldest.id, to: 'mr.jansen@kantoor.nl', from: 'Zegel <no-reply@zegel.test>', text: message.text, html: message.html }));
    expect(one.headers['cache-control']).toContain('no-store');
  });

  it('answers 404 for an unknown id and refuses ids that are not outbox ids', async () => {
    const mailer = track(createMailer({ smtpUrl: undefined, from: 'no-reply@zegel.test', outboxDir: path.join(dir, 'outbox-b'), logger: silentMailLogger }));
    const { app } = buildTestApp({ database: alwaysAvailable, routes: outboxRoutes(mailer) });
    expect((await request(app).get('/dev/outbox')).body).toEqual({ messages: [] });
    expect((await request(app).get('/dev/outbox/20260101T000000000Z-0123456789abcdef')).status).toBe(404);
    const traversal = await request(app).get('/dev/outbox/..%2F..%2Fetc%2Fpasswd');
    expect(traversal.status).toBe(400);
    expect(traversal.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('offers no routes when mail goes over SMTP', () => {
    const mailer = track(createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', from: 'no-reply@zegel.test', outboxDir: dir, logger: silentMailLogger }));
    expect(outboxRoutes(mailer)).toEqual([]);
  });
});
