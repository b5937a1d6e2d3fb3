// Moving the account to the register's new address instead of starting over: only to the address the
// register lists with the linked number, with step-up and a code sent there. The account keeps its id
// and keys, so mail encrypted before the move opens after it, and the link is restored.
import * as openpgp from 'openpgp';
import { unlockWithPasswordKeys } from '../../../shared/crypto/account-keys';
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { Clock, bearer, enrolWithApp, fullLogin, importRegister, linkNumber, mailsOfKind, passwordLogin, request, startProfessionalApi, statusOf, stepUp, tokenOf, type Person, type ProfessionalTestApi } from '../professional/helpers';

jest.setTimeout(180_000);

let api: ProfessionalTestApi;
let jan: Person;
let earlierMessage = '';
const OLD = 'jan@kantoor.nl';
const NEW = 'jan@nieuwkantoor.nl';

beforeAll(async () => {
  api = await startProfessionalApi({ clock: new Clock('2026-12-03T09:00:00Z') });
  await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl,', 'A23456,lawyer,Pietersen,piet@kantoor.nl,');
  jan = await enrolWithApp(api, OLD);
  expect((await linkNumber(api, jan, 'A12345')).status).toBe(200);
  const message = await openpgp.createMessage({ text: 'conclusie van antwoord, zaak 456/2026' });
  earlierMessage = (await openpgp.encrypt({ message, encryptionKeys: await openpgp.readKey({ armoredKey: jan.account.keys.upload.publicKey }) })) as string;
  // The lawyer changed firms: the register now lists the new address, and the link is suspended.
  await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@nieuwkantoor.nl,');
  await api.feature.afterRegisterImport();
});
afterAll(async () => {
  await api?.close();
});

const start = async (person: Person, body: Record<string, unknown>) => request(api.app).post('/api/account/address-move').set(...bearer(await tokenOf(api, person))).send(body);
const codeIn = (text: string) => /code in het Zegel-venster: ([0-9A-Z-]+)/.exec(text)![1]!;

describe('moving to the register address', () => {
  it('is refused for an address the register does not list with the number', async () => {
    const res = await start(jan, { newEmail: 'iemand@anders.nl' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'ADDRESS_MOVE_NOT_ALLOWED', reason: 'not-register-address' });
    expect(res.body.error.texts.nl).toContain('register');
    expect(await api.mailTo('iemand@anders.nl')).toHaveLength(0);
  });

  it('needs a step-up grant for changing the address', async () => {
    const res = await start(jan, { newEmail: NEW });
    expect(res.body.error.code).toBe('STEP_UP_REQUIRED');
    expect(await mailsOfKind(api, NEW, 'lifecycle.address-move-code')).toHaveLength(0);
  });

  it('moves the account with the code sent to the new address; keys unchanged, link restored', async () => {
    const grant = await stepUp(api, jan, 'change-email');
    const started = await start(jan, { newEmail: NEW, stepUpToken: grant });
    expect(started.status).toBe(200);
    expect(started.body.texts[0].nl).toContain(NEW);
    const codeMail = (await mailsOfKind(api, NEW, 'lifecycle.address-move-code')).at(-1)!;
    expect(await mailsOfKind(api, OLD, 'lifecycle.address-move-requested')).toHaveLength(1);
    const pending = await request(api.app).get('/api/account/lifecycle').set(...bearer(await tokenOf(api, jan)));
    expect(pending.body.addressMove).toMatchObject({ email: NEW });

    // Someone starts a registration at the new address meanwhile; the verified move still wins.
    expect((await request(api.app).post('/api/registration').send({ email: NEW })).status).toBe(202);

    const confirm = async (code: string) => request(api.app).post('/api/account/address-move/confirm').set(...bearer(await tokenOf(api, jan))).send({ code });
    const wrong = await confirm('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AA');
    expect(wrong.body.error.code).toBe('ADDRESS_MOVE_CODE_INVALID');
    const moved = await confirm(codeIn(codeMail.text));
    expect(moved.status).toBe(200);
    expect(moved.body.email).toBe(NEW);
    expect(moved.body.texts[0].en).toContain('all your messages stay readable');
    expect(moved.body.professional.link).toMatchObject({ number: 'A12345', state: 'linked' });
    expect(moved.body.professional).toMatchObject({ active: true, problems: [] });
    expect(await mailsOfKind(api, OLD, 'lifecycle.address-moved')).toHaveLength(1);
    expect(await mailsOfKind(api, NEW, 'lifecycle.address-moved')).toHaveLength(1);
    expect((await confirm(codeIn(codeMail.text))).body.error.code).toBe('ADDRESS_MOVE_CODE_INVALID');

    const audit = await api.database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action: { $in: ['account.address-move', 'professional.link-restored'] }, outcome: 'success' }).toArray();
    expect(audit.map((r) => r.action)).toEqual(['account.address-move', 'professional.link-restored']);
    expect(JSON.stringify(audit)).not.toContain('kantoor.nl');
  });

  it('keeps every message readable: log in at the new address, the same keys open earlier mail', async () => {
    expect((await passwordLogin(api, OLD, jan.password)).res.status).toBe(401);
    jan = { ...jan, email: NEW };
    const done = await fullLogin(api, jan);
    expect(done.status).toBe(200);
    expect(done.body.keys.fingerprint).toBe(jan.account.keys.upload.fingerprint);
    const { passwordKeys } = await passwordLogin(api, NEW, jan.password);
    const keys = await unlockWithPasswordKeys({ accountId: jan.accountId, passwordKeys, wrappedUserKeyByPassword: done.body.keys.wrappedUserKeyByPassword, encryptedPrivateKey: done.body.keys.encryptedPrivateKey });
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: earlierMessage }), decryptionKeys: keys.privateKey });
    expect(data).toBe('conclusie van antwoord, zaak 456/2026');
    expect((await statusOf(api, jan)).body.active).toBe(true);
  });
});

describe('an address that already has an account', () => {
  it('is not taken over by a move', async () => {
    const piet = await enrolWithApp(api, 'piet@kantoor.nl');
    expect((await linkNumber(api, piet, 'A23456')).status).toBe(200);
    await enrolWithApp(api, 'piet@elders.nl');
    await importRegister(api, 'A23456,lawyer,Pietersen,piet@elders.nl,');
    const res = await start(piet, { newEmail: 'piet@elders.nl' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'ADDRESS_TAKEN' });
    expect(res.body.error.texts.en).toContain('Log in with it and link your professional number there');
  });
});
