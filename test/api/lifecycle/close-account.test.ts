// Closing an account: step-up first; then its sessions end, it cannot log in, its number is released
// and its keys destroyed on request, while the audit trail keeps every event. The rightful new account
// (the register's address) can register again and link the number.
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import type { AccountDocument } from '../../../api/accounts/repository';
import { Clock, bearer, enrolWithApp, importRegister, linkNumber, mailsOfKind, passwordLogin, request, startProfessionalApi, statusOf, stepUp, tokenOf, type Person, type ProfessionalTestApi } from '../professional/helpers';

jest.setTimeout(180_000);

let api: ProfessionalTestApi;
let jan: Person;
const JAN = 'jan@kantoor.nl';

beforeAll(async () => {
  api = await startProfessionalApi({ clock: new Clock('2026-12-04T09:00:00Z') });
  await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl,', '4321,bailiff,Bakker,bakker@deurwaarder.nl,');
  jan = await enrolWithApp(api, JAN);
  expect((await linkNumber(api, jan, 'A12345')).status).toBe(200);
});
afterAll(async () => {
  await api?.close();
});

const accounts = () => api.database.db.collection<AccountDocument>('accounts');
const audits = (action: string) => api.database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action }).toArray();
const close = async (person: Person, body: Record<string, unknown>) => request(api.app).post('/api/account/close').set(...bearer(await tokenOf(api, person))).send(body);

describe('closing an account', () => {
  it('needs a step-up grant', async () => {
    const res = await close(jan, { destroyKeys: true });
    expect(res.body.error.code).toBe('STEP_UP_REQUIRED');
    expect((await accounts().findOne({ _id: jan.accountId }))?.status).toBe('active');
  });

  it('ends the sessions, releases the number, destroys the keys, and the account can no longer log in', async () => {
    const grant = await stepUp(api, jan, 'close-account');
    const token = await tokenOf(api, jan);
    const res = await request(api.app).post('/api/account/close').set(...bearer(token)).send({ destroyKeys: true, stepUpToken: grant });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ closed: true, keysDestroyed: true });
    expect(res.body.texts[1].en).toContain('keys were destroyed');

    expect((await request(api.app).get('/api/me').set(...bearer(token))).status).toBe(401);
    expect((await request(api.app).post('/api/sessions/refresh').send({ refreshToken: jan.session.refreshToken })).status).toBe(401);
    const login = await passwordLogin(api, JAN, jan.password);
    expect(login.res.status).toBe(401);
    expect(login.res.body.error.code).toBe('CREDENTIALS_INVALID');

    const stored = await accounts().findOne({ _id: jan.accountId });
    expect(stored).toMatchObject({ status: 'closed', professional: null, keys: null, recovery: null, authVerifier: null, kdf: null });
    expect(stored?.email).not.toBe(JAN);
    expect(stored?.retiredKeys).toEqual([expect.objectContaining({ fingerprint: jan.account.keys.upload.fingerprint, reason: 'closed' })]);
    expect(await api.database.db.collection('totp_factors').countDocuments({ _id: jan.accountId as never, active: { $ne: null } })).toBe(0);

    expect(await audits('account.close')).toEqual([expect.objectContaining({ actor: jan.accountId, details: expect.objectContaining({ keysDestroyed: true, numberReleased: 'A12345' }) })]);
    expect((await audits('professional.unlink')).at(-1)).toMatchObject({ target: 'A12345', details: { cause: 'account-closed', account: jan.accountId } });
    expect(await api.features.audit.verify()).toMatchObject({ ok: true });
    const mails = await mailsOfKind(api, JAN, 'lifecycle.account-closed');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('A12345');
  });

  it('lets the rightful new account at the register address register and link the number again', async () => {
    const again = await enrolWithApp(api, JAN, 'een nieuw en ander wachtwoord');
    expect(again.accountId).not.toBe(jan.accountId);
    const res = await linkNumber(api, again, 'A12345');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: true, problems: [] });
    expect((await statusOf(api, again)).body.link).toMatchObject({ number: 'A12345', state: 'linked' });
  });

  it('keeps the wrapped keys when not asked to destroy them; the account is closed all the same', async () => {
    const bakker = await enrolWithApp(api, 'bakker@deurwaarder.nl');
    const grant = await stepUp(api, bakker, 'close-account');
    const res = await close(bakker, { destroyKeys: false, stepUpToken: grant });
    expect(res.status).toBe(200);
    expect(res.body.texts[1].nl).toContain('bewaard');
    const stored = await accounts().findOne({ _id: bakker.accountId });
    expect(stored).toMatchObject({ status: 'closed', authVerifier: null, keys: { fingerprint: bakker.account.keys.upload.fingerprint } });
    expect((await passwordLogin(api, 'bakker@deurwaarder.nl', bakker.password)).res.status).toBe(401);
    expect((await request(api.app).post('/api/auth/prelogin').send({ email: 'bakker@deurwaarder.nl' })).body.kdf.salt).not.toBe(stored?.kdf?.salt);
  });
});
