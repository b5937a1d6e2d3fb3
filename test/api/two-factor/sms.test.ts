// SMS codes on the real embedded engine: enrolment, purpose binding, expiry, single use, tries, send limits, failures, the dump.
import crypto from 'node:crypto';
import path from 'node:path';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { createSmsGateway, SmsDeliveryError, type SmsGateway, type SmsMessage } from '../../../api/two-factor/sms-gateway';
import { SMS_CODES_COLLECTION, SMS_FACTORS_COLLECTION, SMS_SEND_LIMITS_COLLECTION, type SmsFactorDocument } from '../../../api/two-factor/sms-repository';
import { createSms, loginPurpose, SmsNotEnabledError, smsCodeText, stepUpPurpose, type SmsService } from '../../../api/two-factor/sms';
import { AppError } from '../../../shared/errors';
import { makeTempDir, removeTempDir } from '../db/helpers';
import { codeFrom, silentSmsLogger, startStubGateway, unusedPort, type StubGateway, type StubMode } from './sms-stub-gateway';

jest.setTimeout(60_000);

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const START = new Date('2026-11-28T09:00:00.000Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const NUMBER_A = '+31612345678';
const NUMBER_B = '+31687654321';
const NUMBER_C = '+4915112345678';

let dir: string;
let database: Database;
let clock = START;
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

/** An in-memory gateway: records every SMS and can be told to fail. */
function recordingGateway(): Pick<SmsGateway, 'send'> & { sent: SmsMessage[]; failing: boolean; lastCode(): string } {
  const gateway = {
    sent: [] as SmsMessage[],
    failing: false,
    send(message: SmsMessage) {
      if (gateway.failing) return Promise.reject(new SmsDeliveryError('network'));
      gateway.sent.push(message);
      return Promise.resolve();
    },
    lastCode() {
      return codeFrom(gateway.sent[gateway.sent.length - 1]?.text);
    },
  };
  return gateway;
}

let gateway: ReturnType<typeof recordingGateway>;
let sms: SmsService;
const make = (send: Pick<SmsGateway, 'send'>, pepper?: Buffer) =>
  createSms({ db: database.db, durable: database.durable, gateway: send, now: () => clock, ...(pepper ? { pepper } : {}) });

const newAccount = () => crypto.randomBytes(16).toString('base64url');
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function expectRateLimited(promise: Promise<unknown>, retryAfterSeconds: number): Promise<void> {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('RATE_LIMITED');
  expect((error as AppError).status).toBe(429);
  expect((error as AppError).retryAfterSeconds).toBe(retryAfterSeconds);
}

/** Enrols `phone` for a new account and leaves the clock 30 s later, so the next send is allowed. */
async function enrolledAccount(phone = NUMBER_A): Promise<string> {
  const accountId = newAccount();
  await sms.startPhoneVerification({ accountId, phone });
  expect(await sms.confirmPhone({ accountId, phone, code: gateway.lastCode() })).toBe(true);
  advance(30 * SECOND);
  return accountId;
}

const collections = [SMS_FACTORS_COLLECTION, SMS_CODES_COLLECTION, SMS_SEND_LIMITS_COLLECTION];

beforeAll(async () => {
  dir = makeTempDir('sms');
  database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  await make(recordingGateway()).ensureIndexes();
});
afterAll(async () => {
  await database?.close();
  removeTempDir(dir);
});
beforeEach(async () => {
  clock = START;
  await Promise.all(collections.map((name) => database.db.collection(name).deleteMany({})));
  gateway = recordingGateway();
  sms = make(gateway);
});

it('creates the indexes, expiry included (for servers where TTL works)', async () => {
  const names = (await database.db.collection(SMS_CODES_COLLECTION).indexes()).map((i) => i.name);
  expect(names).toEqual(expect.arrayContaining(['account', 'expires_ttl']));
});

it('sends a short Dutch-then-English text with the code, in one SMS segment', async () => {
  const sent = await sms.startPhoneVerification({ accountId: newAccount(), phone: '06 12345678' });
  expect(sent).toEqual({ phoneLast2: '78', expiresAt: new Date(START.getTime() + 5 * MINUTE) });
  const [message] = gateway.sent;
  expect(message!.to).toBe(NUMBER_A);
  const code = gateway.lastCode();
  expect(code).toMatch(/^[0-9]{6}$/);
  expect(message!.text).toBe(smsCodeText(code));
  expect(message!.text).toMatch(/^Zegel-code: [0-9]{6}\. Geldig 5 min\. .* \/ Zegel code, valid 5 min/);
  expect(message!.text.length).toBeLessThanOrEqual(160);
});

describe('enrolling a number', () => {
  it('activates only with the right code; the number does not count before', async () => {
    const accountId = newAccount();
    await sms.startPhoneVerification({ accountId, phone: '+31 6 1234 5678' });
    const code = gateway.lastCode();
    expect(await sms.status(accountId)).toEqual({ enabled: false });
    advance(30 * SECOND);
    expect(await caught(sms.sendLoginCode({ accountId, attemptId: 'attempt1' }))).toBeInstanceOf(SmsNotEnabledError);
    expect(gateway.sent).toHaveLength(1);

    expect(await sms.confirmPhone({ accountId, phone: NUMBER_A, code: wrong(code) })).toBe(false);
    expect(await sms.status(accountId)).toEqual({ enabled: false });
    expect(await sms.confirmPhone({ accountId, phone: '06 12345678', code })).toBe(true);
    expect(await sms.status(accountId)).toEqual({ enabled: true, phoneLast2: '78' });
    // Single use: the same code cannot confirm again.
    expect(await sms.confirmPhone({ accountId, phone: NUMBER_A, code })).toBe(false);
  });

  it('binds the code to the number it was sent to', async () => {
    const accountId = newAccount();
    await sms.startPhoneVerification({ accountId, phone: NUMBER_A });
    const code = gateway.lastCode();
    expect(await sms.confirmPhone({ accountId, phone: NUMBER_B, code })).toBe(false);
    expect(await sms.confirmPhone({ accountId, phone: 'not a number', code })).toBe(false);
    expect(await sms.status(accountId)).toEqual({ enabled: false });
    expect(await sms.confirmPhone({ accountId, phone: NUMBER_A, code })).toBe(true);
  });

  it('binds the code to the account', async () => {
    const accountId = newAccount();
    await sms.startPhoneVerification({ accountId, phone: NUMBER_A });
    expect(await sms.confirmPhone({ accountId: newAccount(), phone: NUMBER_A, code: gateway.lastCode() })).toBe(false);
  });

  it('refuses an invalid number with PHONE_INVALID before anything is sent or counted', async () => {
    const error = await caught(sms.startPhoneVerification({ accountId: newAccount(), phone: '020 123 4567' }));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('PHONE_INVALID');
    expect(gateway.sent).toHaveLength(0);
    expect(await database.db.collection(SMS_SEND_LIMITS_COLLECTION).countDocuments()).toBe(0);
  });

  it('replaces an earlier number only when the new one is confirmed', async () => {
    const accountId = await enrolledAccount(NUMBER_A);
    await sms.sendLoginCode({ accountId, attemptId: 'before-change' });
    const codeForOldNumber = gateway.lastCode();
    advance(30 * SECOND);

    await sms.startPhoneVerification({ accountId, phone: NUMBER_B });
    const code = gateway.lastCode();
    expect(await sms.status(accountId)).toEqual({ enabled: true, phoneLast2: '78' });
    expect(await sms.confirmPhone({ accountId, phone: NUMBER_B, code: wrong(code) })).toBe(false);
    expect(await sms.status(accountId)).toEqual({ enabled: true, phoneLast2: '78' });

    expect(await sms.confirmPhone({ accountId, phone: NUMBER_B, code })).toBe(true);
    expect(await sms.status(accountId)).toEqual({ enabled: true, phoneLast2: '21' });
    // A code sent to the old number is dead once the number changed.
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('before-change'), code: codeForOldNumber })).toBe('invalid');
    advance(30 * SECOND);
    await sms.sendLoginCode({ accountId, attemptId: 'after-change' });
    expect(gateway.sent[gateway.sent.length - 1]!.to).toBe(NUMBER_B);
  });

  it('expires the enrolment code at exactly 5 minutes', async () => {
    const accountId = newAccount();
    await sms.startPhoneVerification({ accountId, phone: NUMBER_A });
    advance(5 * MINUTE);
    expect(await sms.confirmPhone({ accountId, phone: NUMBER_A, code: gateway.lastCode() })).toBe(false);
    expect(await sms.status(accountId)).toEqual({ enabled: false });
  });

  it('lets exactly one of several concurrent confirmations succeed', async () => {
    const accountId = newAccount();
    await sms.startPhoneVerification({ accountId, phone: NUMBER_A });
    const code = gateway.lastCode();
    const results = await Promise.all(Array.from({ length: 5 }, () => sms.confirmPhone({ accountId, phone: NUMBER_A, code })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await sms.status(accountId)).toEqual({ enabled: true, phoneLast2: '78' });
  });
});

describe('codes for a purpose (login, step-up)', () => {
  it('accepts the code until 4:59 and calls it expired from 5:00 on', async () => {
    const accountId = await enrolledAccount();
    const issuedA = clock;
    const sent = await sms.sendLoginCode({ accountId, attemptId: 'A' });
    expect(sent.expiresAt).toEqual(new Date(issuedA.getTime() + 5 * MINUTE));
    const codeA = gateway.lastCode();
    advance(4 * MINUTE + 59 * SECOND);
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: codeA })).toBe('ok');

    await sms.sendLoginCode({ accountId, attemptId: 'B' });
    const codeB = gateway.lastCode();
    advance(5 * MINUTE);
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('B'), code: codeB })).toBe('expired');
    advance(1);
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('B'), code: codeB })).toBe('expired');
    advance(2 * MINUTE);
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('B'), code: wrong(codeB) })).toBe('expired');
  });

  it('works once', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const code = gateway.lastCode();
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code })).toBe('ok');
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code })).toBe('invalid');
  });

  it('binds the code to its purpose: a code for attempt A fails for attempt B and for a step-up', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const codeA = gateway.lastCode();
    advance(30 * SECOND);
    await sms.sendCode({ accountId, purpose: loginPurpose('B') });
    const codeB = gateway.lastCode();
    if (codeA !== codeB) expect(await sms.verifyCode({ accountId, purpose: loginPurpose('B'), code: codeA })).toBe('invalid');
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('C'), code: codeA })).toBe('invalid');
    expect(await sms.verifyCode({ accountId, purpose: stepUpPurpose('A'), code: codeA })).toBe('invalid');
    expect(await sms.verifyCode({ accountId: newAccount(), purpose: loginPurpose('A'), code: codeA })).toBe('invalid');
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: codeA })).toBe('ok');
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('B'), code: codeB })).toBe('ok');
  });

  it('never accepts an enrolment code as a login code', async () => {
    const accountId = await enrolledAccount(NUMBER_A);
    await sms.startPhoneVerification({ accountId, phone: NUMBER_A });
    const enrolCode = gateway.lastCode();
    await expect(sms.verifyCode({ accountId, purpose: 'enrol', code: enrolCode })).rejects.toThrow(TypeError);
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('x'), code: enrolCode })).toBe('invalid');
  });

  it('voids the previous code when a new one is sent for the same purpose', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const first = gateway.lastCode();
    advance(30 * SECOND);
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const second = gateway.lastCode();
    if (first !== second) expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: first })).toBe('invalid');
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: second })).toBe('ok');
  });

  it('gives exactly one "ok" to concurrent verifications of one code', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const code = gateway.lastCode();
    const results = await Promise.all(Array.from({ length: 8 }, () => sms.verifyCode({ accountId, purpose: loginPurpose('A'), code })));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'invalid')).toHaveLength(7);
  });

  it('voids the code after 5 wrong tries; 4 wrong tries still leave it usable', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const codeA = gateway.lastCode();
    for (let i = 0; i < 5; i += 1) expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: wrong(codeA) })).toBe('invalid');
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: codeA })).toBe('invalid');

    advance(30 * SECOND);
    await sms.sendLoginCode({ accountId, attemptId: 'B' });
    const codeB = gateway.lastCode();
    for (let i = 0; i < 4; i += 1) expect(await sms.verifyCode({ accountId, purpose: loginPurpose('B'), code: wrong(codeB) })).toBe('invalid');
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('B'), code: codeB })).toBe('ok');
  });

  it('allows no more than 5 comparisons even when guesses arrive all at once', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const code = gateway.lastCode();
    const guesses = Array.from({ length: 20 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    await Promise.all(guesses.map((guess) => sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: guess })));
    const record = await database.db.collection(SMS_CODES_COLLECTION).findOne({ accountId });
    expect(record?.attempts).toBe(5);
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code })).toBe('invalid');
  });

  it('ignores spaces and dashes, and spends no try on input that is no 6-digit code', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const code = gateway.lastCode();
    for (const malformed of ['', 'abcdef', '12345', '1234567', `${code}0`, '１２３４５６', 'x'.repeat(1000)]) {
      expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: malformed })).toBe('invalid');
    }
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code: ` ${code.slice(0, 3)} ${code.slice(3)}-` })).toBe('ok');
  });

  it('refuses purposes that are not "kind:id" as a caller bug', async () => {
    const accountId = await enrolledAccount();
    for (const purpose of ['enrol', 'login:', 'login', ':x', 'login:a b', `login:${'x'.repeat(129)}`]) {
      await expect(sms.sendCode({ accountId, purpose })).rejects.toThrow(TypeError);
      await expect(sms.verifyCode({ accountId, purpose, code: '123456' })).rejects.toThrow(TypeError);
    }
    expect(gateway.sent).toHaveLength(1);
  });
});

describe('"send again" limits', () => {
  it('per account: one per 30 s and five per hour, whatever the number or purpose', async () => {
    const accountId = newAccount();
    await sms.startPhoneVerification({ accountId, phone: NUMBER_A });
    advance(10 * SECOND);
    await expectRateLimited(sms.startPhoneVerification({ accountId, phone: NUMBER_B }), 20);
    advance(19 * SECOND);
    await expectRateLimited(sms.startPhoneVerification({ accountId, phone: NUMBER_B }), 1);
    advance(1 * SECOND);
    await sms.startPhoneVerification({ accountId, phone: NUMBER_B });
    expect(await sms.confirmPhone({ accountId, phone: NUMBER_B, code: gateway.lastCode() })).toBe(true);
    for (const attemptId of ['a', 'b', 'c']) {
      advance(30 * SECOND);
      await sms.sendLoginCode({ accountId, attemptId });
    }
    expect(gateway.sent).toHaveLength(5); // at 0:00, 0:30, 1:00, 1:30, 2:00
    advance(30 * SECOND);
    // The sixth within the hour waits until the first send (0:00) is an hour old: 60:00 - 2:30.
    await expectRateLimited(sms.sendLoginCode({ accountId, attemptId: 'd' }), 3600 - 150);
    await expectRateLimited(sms.startPhoneVerification({ accountId, phone: NUMBER_C }), 3600 - 150);
    expect(gateway.sent).toHaveLength(5);
    clock = new Date(START.getTime() + 60 * MINUTE);
    await sms.sendLoginCode({ accountId, attemptId: 'd' });
    expect(gateway.sent).toHaveLength(6);
  });

  it('per number, shared by all accounts: one per 30 s and five per hour', async () => {
    const first = newAccount();
    await sms.startPhoneVerification({ accountId: first, phone: NUMBER_A });
    advance(5 * SECOND);
    const second = newAccount();
    await expectRateLimited(sms.startPhoneVerification({ accountId: second, phone: '06-12345678' }), 25);
    // The refused send was not counted against the second account: it may use another number now.
    await sms.startPhoneVerification({ accountId: second, phone: NUMBER_B });
    advance(25 * SECOND);
    for (let i = 0; i < 4; i += 1) {
      await sms.startPhoneVerification({ accountId: newAccount(), phone: NUMBER_A });
      advance(30 * SECOND);
    }
    expect(gateway.sent.filter((m) => m.to === NUMBER_A)).toHaveLength(5); // at 0:00, 0:30, 1:00, 1:30, 2:00
    // 2:30 now: a sixth SMS to this number waits until 60:00.
    await expectRateLimited(sms.startPhoneVerification({ accountId: newAccount(), phone: NUMBER_A }), 3600 - 150);
    clock = new Date(START.getTime() + 60 * MINUTE);
    await sms.startPhoneVerification({ accountId: newAccount(), phone: NUMBER_A });
    expect(gateway.sent.filter((m) => m.to === NUMBER_A)).toHaveLength(6);
  });

  it('counts a send that the gateway failed, so a broken gateway is not hammered', async () => {
    const accountId = newAccount();
    gateway.failing = true;
    await expect(sms.startPhoneVerification({ accountId, phone: NUMBER_A })).rejects.toBeInstanceOf(SmsDeliveryError);
    gateway.failing = false;
    await expectRateLimited(sms.startPhoneVerification({ accountId, phone: NUMBER_A }), 30);
  });
});

describe('gateway failures over HTTP leave nothing usable and no factor enabled', () => {
  let stub: StubGateway;
  beforeAll(async () => {
    stub = await startStubGateway();
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    stub.requests.length = 0;
    stub.mode = { kind: 'ok' };
  });

  const httpSms = (url = stub.url) => make(createSmsGateway({ url, token: stub.token, outboxDir: path.join(dir, 'unused'), timeoutMs: 300, logger: silentSmsLogger }));

  const failures: [string, StubMode | 'refused'][] = [
    ['500', { kind: 'status', status: 500, body: 'boom' }],
    ['401', { kind: 'status', status: 401, body: 'bad token' }],
    ['a malformed answer', { kind: 'garbage' }],
    ['a cut-short answer', { kind: 'truncated' }],
    ['connection refused', 'refused'],
    ['a timeout', { kind: 'hang' }],
  ];

  it('works end to end over HTTP when the gateway answers 2xx', async () => {
    const service = httpSms();
    const accountId = newAccount();
    await service.startPhoneVerification({ accountId, phone: NUMBER_A });
    expect(stub.requests[0]!.json?.to).toBe(NUMBER_A);
    expect(await service.confirmPhone({ accountId, phone: NUMBER_A, code: stub.lastCode() })).toBe(true);
  });

  it.each(failures)('enrolment with %s', async (_name, mode) => {
    const service = mode === 'refused' ? httpSms(`http://127.0.0.1:${await unusedPort()}/sms`) : httpSms();
    if (mode !== 'refused') stub.mode = mode;
    const accountId = newAccount();
    const error = await caught(service.startPhoneVerification({ accountId, phone: NUMBER_A }));
    expect(error).toBeInstanceOf(SmsDeliveryError);
    expect((error as AppError).code).toBe('SMS_DELIVERY_FAILED');
    expect(await database.db.collection(SMS_CODES_COLLECTION).countDocuments({ accountId })).toBe(0);
    if (mode !== 'refused') {
      // The gateway saw the code (and might still deliver it): it must not work.
      expect(await service.confirmPhone({ accountId, phone: NUMBER_A, code: stub.lastCode() })).toBe(false);
    }
    expect(await service.status(accountId)).toEqual({ enabled: false });
    expect(await database.db.collection<SmsFactorDocument>(SMS_FACTORS_COLLECTION).countDocuments({ _id: accountId })).toBe(0);
  });

  it.each(failures)('login code with %s', async (_name, mode) => {
    const good = httpSms();
    const accountId = newAccount();
    await good.startPhoneVerification({ accountId, phone: NUMBER_A });
    expect(await good.confirmPhone({ accountId, phone: NUMBER_A, code: stub.lastCode() })).toBe(true);
    advance(30 * SECOND);

    const service = mode === 'refused' ? httpSms(`http://127.0.0.1:${await unusedPort()}/sms`) : good;
    if (mode !== 'refused') stub.mode = mode;
    const before = stub.requests.length;
    await expect(service.sendLoginCode({ accountId, attemptId: 'A' })).rejects.toBeInstanceOf(SmsDeliveryError);
    expect(await database.db.collection(SMS_CODES_COLLECTION).countDocuments({ accountId })).toBe(0);
    if (mode !== 'refused') {
      expect(stub.requests.length).toBe(before + 1);
      expect(await service.verifyCode({ accountId, purpose: loginPurpose('A'), code: stub.lastCode() })).toBe('invalid');
    }
    expect(await service.status(accountId)).toEqual({ enabled: true, phoneLast2: '78' });
  });
});

describe('what is stored', () => {
  it('keeps no sent code in the database, and no full number outside the factor record', async () => {
    const outboxGateway = createSmsGateway({ url: undefined, outboxDir: path.join(dir, 'dump-outbox'), logger: silentSmsLogger });
    const service = make(outboxGateway);
    const lawyer = newAccount();
    await service.startPhoneVerification({ accountId: lawyer, phone: NUMBER_A });
    const [enrolMessage] = await outboxGateway.outbox!.list();
    const enrolCode = codeFrom((await outboxGateway.outbox!.read(enrolMessage!.id))?.text);
    // Dumped while the enrolment code is pending.
    const pendingDump = await dumpAll();
    expect(await service.confirmPhone({ accountId: lawyer, phone: NUMBER_A, code: enrolCode })).toBe(true);
    advance(30 * SECOND);
    await service.sendLoginCode({ accountId: lawyer, attemptId: 'attempt-xyz' });
    const secretary = newAccount();
    await service.startPhoneVerification({ accountId: secretary, phone: NUMBER_C });

    const sentCodes = await Promise.all((await outboxGateway.outbox!.list()).map(async (m) => codeFrom((await outboxGateway.outbox!.read(m.id))?.text)));
    expect(sentCodes).toHaveLength(3);
    const dump = (await dumpAll()) + pendingDump;
    for (const code of sentCodes) expect(dump).not.toContain(code);

    const codesAndLimits = JSON.stringify([
      await database.db.collection(SMS_CODES_COLLECTION).find().toArray(),
      await database.db.collection(SMS_SEND_LIMITS_COLLECTION).find().toArray(),
    ]);
    expect(await database.db.collection(SMS_CODES_COLLECTION).countDocuments()).toBe(2);
    for (const digits of ['612345678', '15112345678', '12345678']) expect(codesAndLimits).not.toContain(digits);
    expect(codesAndLimits).not.toContain('attempt-xyz');
    expect(pendingDump).not.toContain('612345678');
    // The factor record holds the number: it is needed to send codes.
    const factor = await database.db.collection<SmsFactorDocument>(SMS_FACTORS_COLLECTION).findOne({ _id: lawyer });
    expect(factor?.phone).toBe(NUMBER_A);
  });

  async function dumpAll(): Promise<string> {
    const names = (await database.db.listCollections().toArray()).map((c) => c.name).sort();
    const parts = await Promise.all(names.map(async (name) => JSON.stringify(await database.db.collection(name).find().toArray())));
    return parts.join('\n');
  }

  it('with a pepper, the hashes are keyed: a code hashed without it does not verify', async () => {
    const pepper = crypto.randomBytes(32);
    const peppered = make(gateway, pepper);
    const accountId = newAccount();
    await peppered.startPhoneVerification({ accountId, phone: NUMBER_A });
    const code = gateway.lastCode();
    expect(await sms.confirmPhone({ accountId, phone: NUMBER_A, code })).toBe(false);
    expect(await peppered.confirmPhone({ accountId, phone: NUMBER_A, code })).toBe(true);
    expect(() => make(gateway, crypto.randomBytes(16))).toThrow(TypeError);
  });

  it('sweeps expired codes and send counters, and leaves live ones', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'old' });
    advance(4 * MINUTE);
    await sms.sendLoginCode({ accountId, attemptId: 'new' });
    const codes = database.db.collection(SMS_CODES_COLLECTION);
    expect(await codes.countDocuments()).toBe(2);
    advance(1 * MINUTE); // 'old' is 5:00 old now
    expect(await sms.sweepExpired(clock)).toBe(1);
    expect(await codes.countDocuments()).toBe(1);
    advance(60 * MINUTE);
    expect(await sms.sweepExpired(clock)).toBe(1 + 2); // the 'new' code, the account and the number counters
    expect(await database.db.collection(SMS_SEND_LIMITS_COLLECTION).countDocuments()).toBe(0);
    expect(await sms.status(accountId)).toEqual({ enabled: true, phoneLast2: '78' });
  });

  it('remove() ends the factor and every pending code', async () => {
    const accountId = await enrolledAccount();
    await sms.sendLoginCode({ accountId, attemptId: 'A' });
    const code = gateway.lastCode();
    expect(await sms.remove(accountId)).toBe(true);
    expect(await sms.status(accountId)).toEqual({ enabled: false });
    expect(await sms.verifyCode({ accountId, purpose: loginPurpose('A'), code })).toBe('invalid');
    expect(await database.db.collection(SMS_CODES_COLLECTION).countDocuments({ accountId })).toBe(0);
    expect(await sms.remove(accountId)).toBe(false);
  });
});
