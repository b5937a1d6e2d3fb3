// Re-enrolment when both the password and the recovery code are lost (checklist F7): a new invitation
// to the register's address, a cooling-off that can be cancelled from it, then new keys made in the
// client. The account keeps its number; its sessions end; its second factor must be set up again; mail
// encrypted to the old keys stays unreadable, and the texts say so.
import * as openpgp from 'openpgp';
import { createAccountKeys, unlockWithPasswordKeys } from '../../../shared/crypto/account-keys';
import { createRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { newKdfParams, TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { totpCodeAt } from '../../../api/two-factor/totp';
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { Clock, bearer, enrolWithApp, fullLogin, importRegister, linkNumber, mailsOfKind, passwordLogin, request, startProfessionalApi, statusOf, tokenOf, type Person, type ProfessionalTestApi } from '../professional/helpers';

jest.setTimeout(180_000);

let api: ProfessionalTestApi;
let jan: Person;
let oldMessage = '';
const JAN = 'jan@kantoor.nl';
const NEW_PASSWORD = 'een heel nieuw wachtwoord voor jan';
const HOUR = 3600;

beforeAll(async () => {
  api = await startProfessionalApi({ clock: new Clock('2026-12-02T09:00:00Z') });
  await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl,');
  jan = await enrolWithApp(api, JAN);
  expect((await linkNumber(api, jan, 'A12345')).status).toBe(200);
  const message = await openpgp.createMessage({ text: 'vonnis in zaak 123/2026' });
  oldMessage = (await openpgp.encrypt({ message, encryptionKeys: await openpgp.readKey({ armoredKey: jan.account.keys.upload.publicKey }) })) as string;
});
afterAll(async () => {
  await api?.close();
});

const linkFrom = (text: string, name: 're-enrol' | 're-enrol-cancel') => new RegExp(`https://zegel\\.test/app#${name}=([A-Za-z0-9_-]{43})`).exec(text)![1]!;
async function requestReEnrolment(): Promise<{ token: string; cancelToken: string }> {
  const before = (await mailsOfKind(api, JAN, 'lifecycle.re-enrolment')).length;
  const res = await request(api.app).post('/api/re-enrolment').send({ email: 'Jan@Kantoor.nl' });
  expect(res.status).toBe(202);
  const mails = await mailsOfKind(api, JAN, 'lifecycle.re-enrolment');
  expect(mails).toHaveLength(before + 1);
  const text = mails.at(-1)!.text;
  return { token: linkFrom(text, 're-enrol'), cancelToken: linkFrom(text, 're-enrol-cancel') };
}

async function newKeys(token: string, password: string, knownAccountId?: string) {
  const accountId = knownAccountId ?? ((await request(api.app).post('/api/re-enrolment/status').send({ token })).body.accountId as string);
  const keys = await createAccountKeys({ accountId, password, kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
  const recovery = await wrapUserKeyWithRecoveryCode({ accountId, userKey: keys.unlocked.userKey, code: createRecoveryCode() });
  const { kdfParams, authValue, publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey } = keys.upload;
  return {
    keys,
    body: { token, kdf: kdfParams, authValue, keys: { publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey }, recovery: { wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, authValue: recovery.recoveryAuthValue } },
  };
}

describe('asking to start over', () => {
  it('gives every address the same answer and mails only the register address of a real account', async () => {
    const unknown = await request(api.app).post('/api/re-enrolment').send({ email: 'niemand@kantoor.nl' });
    const { token } = await requestReEnrolment();
    const known = await request(api.app).post('/api/re-enrolment').send({ email: 'nog.iemand@kantoor.nl' });
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(unknown.body.texts[1].nl).toContain('niet meer openen');
    expect(await api.mailTo('niemand@kantoor.nl')).toHaveLength(0);
    expect(token).toHaveLength(43);
  });

  it('mails the cooling-off, the consequences and a cancel link', async () => {
    const mail = (await mailsOfKind(api, JAN, 'lifecycle.re-enrolment')).at(-1)!;
    expect(mail.text).toContain('wachttijd van 72 uur');
    expect(mail.text).toContain('niet meer openen');
    expect(mail.text).toContain('messages encrypted to your old keys');
    expect(mail.text).toContain('#re-enrol-cancel=');
  });
});

describe('the cooling-off', () => {
  it('shows how long to wait and what starting over costs, and refuses new keys before it ends', async () => {
    const { token } = await requestReEnrolment();
    const view = await request(api.app).post('/api/re-enrolment/status').send({ token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ accountId: jan.accountId, state: 'cooling-off' });
    const waitMs = new Date(view.body.notBefore).getTime() - api.clock.now().getTime();
    expect(waitMs).toBeGreaterThan(71 * HOUR * 1000);
    expect(waitMs).toBeLessThanOrEqual(72 * HOUR * 1000);
    const texts = view.body.texts.map((t: { nl: string; en: string }) => `${t.nl} ${t.en}`).join(' ');
    expect(texts).toContain('can no longer open messages encrypted to your old keys');
    expect(texts).toContain('opnieuw verlenen');

    api.clock.advance(71 * HOUR);
    const early = await request(api.app).post('/api/re-enrolment/complete').send((await newKeys(token, NEW_PASSWORD)).body);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('RE_ENROLMENT_COOLING_OFF');
    expect(early.body.error.texts.nl).toContain('wachttijd');
    expect((await passwordLogin(api, JAN, jan.password)).res.status).toBe(200);
  });

  it('can be cancelled from the mail; the link then stops working', async () => {
    const { token, cancelToken } = await requestReEnrolment();
    const cancelled = await request(api.app).post('/api/re-enrolment/cancel').send({ cancelToken });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.texts[0].en).toContain('cancelled');
    expect(await mailsOfKind(api, JAN, 'lifecycle.re-enrolment-cancelled')).toHaveLength(1);
    api.clock.advance(73 * HOUR);
    const view = await request(api.app).post('/api/re-enrolment/status').send({ token });
    expect(view.body.error.code).toBe('RE_ENROLMENT_INVALID');
    const late = await request(api.app).post('/api/re-enrolment/complete').send((await newKeys(token, NEW_PASSWORD, jan.accountId)).body);
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('RE_ENROLMENT_INVALID');
    expect((await request(api.app).post('/api/re-enrolment/cancel').send({ cancelToken })).body.error.code).toBe('RE_ENROLMENT_INVALID');
  });

  it('can be seen and cancelled from a live session of the account', async () => {
    expect((await fullLogin(api, jan)).status).toBe(200);
    await requestReEnrolment();
    const token = await tokenOf(api, jan);
    const pending = await request(api.app).get('/api/account/lifecycle').set(...bearer(token));
    expect(pending.body.reEnrolment).toMatchObject({ notBefore: expect.any(String) });
    const cancelled = await request(api.app).post('/api/account/re-enrolment/cancel').set(...bearer(token)).send({});
    expect(cancelled.body.cancelled).toBe(true);
    expect((await request(api.app).get('/api/account/lifecycle').set(...bearer(token))).body.reEnrolment).toBeNull();
  });
});

describe('after the cooling-off', () => {
  it('takes new keys: sessions end, the old password stops, the second factor must be set up again, the number stays linked', async () => {
    const { token } = await requestReEnrolment();
    api.clock.advance(72 * HOUR);
    expect((await fullLogin(api, jan)).status).toBe(200);
    const liveSession = jan.session;

    const ready = await request(api.app).post('/api/re-enrolment/status').send({ token });
    expect(ready.body.state).toBe('ready');
    const { keys, body } = await newKeys(token, NEW_PASSWORD);
    const done = await request(api.app).post('/api/re-enrolment/complete').send(body);
    expect(done.status).toBe(200);
    expect(done.body.accountId).toBe(jan.accountId);
    expect(done.body.texts.map((t: { en: string }) => t.en).join(' ')).toContain('can no longer open messages encrypted to your old keys');
    expect((await request(api.app).post('/api/re-enrolment/complete').send(body)).body.error.code).toBe('RE_ENROLMENT_INVALID');

    expect((await request(api.app).get('/api/me').set(...bearer(liveSession.accessToken))).status).toBe(401);
    expect((await passwordLogin(api, JAN, jan.password)).res.status).toBe(401);
    const { res, passwordKeys } = await passwordLogin(api, JAN, NEW_PASSWORD);
    expect(res.body.stage).toBe('setup');
    const setup = res.body.session as { accessToken: string };

    const status = await request(api.app).get('/api/professional/status').set(...bearer(setup.accessToken));
    expect(status.body.link).toMatchObject({ number: 'A12345', state: 'linked' });
    expect(status.body).toMatchObject({ active: false, problems: ['second-factor-missing'] });

    const started = await request(api.app).post('/api/two-factor/totp/start').set(...bearer(setup.accessToken)).send({});
    const confirmed = await request(api.app).post('/api/two-factor/totp/confirm').set(...bearer(setup.accessToken)).send({ code: totpCodeAt(started.body.secret, api.clock.now()) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.keys.fingerprint).toBe(keys.upload.fingerprint);
    jan = { ...jan, password: NEW_PASSWORD, totpSecret: started.body.secret, session: confirmed.body.session };
    expect((await statusOf(api, jan)).body.active).toBe(true);

    // The new keys open; mail encrypted to the old ones does not, for anyone.
    const unlocked = await unlockWithPasswordKeys({ accountId: jan.accountId, passwordKeys, wrappedUserKeyByPassword: confirmed.body.keys.wrappedUserKeyByPassword, encryptedPrivateKey: confirmed.body.keys.encryptedPrivateKey });
    await expect(openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: oldMessage }), decryptionKeys: unlocked.privateKey })).rejects.toThrow();

    const stored = await api.database.db.collection('accounts').findOne({ _id: jan.accountId as never });
    expect(stored?.retiredKeys).toEqual([expect.objectContaining({ fingerprint: jan.account.keys.upload.fingerprint, reason: 're-enrolment' })]);
    expect(await mailsOfKind(api, JAN, 'lifecycle.re-enrolled')).toHaveLength(1);
    const audit = await api.database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action: 'account.re-enrolment.complete' }).toArray();
    expect(audit).toEqual([expect.objectContaining({ actor: jan.accountId, details: expect.objectContaining({ linked: true, fingerprint: keys.upload.fingerprint }) })]);
  });

  it('is not offered when the register no longer lists the address', async () => {
    await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@elders.nl,');
    const res = await request(api.app).post('/api/re-enrolment').send({ email: JAN });
    expect(res.status).toBe(202);
    expect(await mailsOfKind(api, 'jan@elders.nl', 'lifecycle.re-enrolment')).toHaveLength(0);
    expect(await mailsOfKind(api, JAN, 'lifecycle.re-enrolment-register-changed')).toHaveLength(1);
  });
});
