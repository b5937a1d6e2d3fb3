// Steps 1–2 of the seed end to end over HTTP on the real engine: register import → invitation mail →
// register → activate with keys made in the client → recovery code → login → session → logout.
// Afterwards the database holds none of the secrets, in any encoding.
import { EJSON } from 'bson';
import { startTestApi, request, bearer, type TestApi } from '../../helpers/api';
import { createAccountKeys, unlockWithPassword, unlockWithPasswordKeys } from '../../../shared/crypto/account-keys';
import { createRecoveryCode, parseRecoveryCode, unlockWithRecoveryCode, wrapUserKeyWithRecoveryCode } from '../../../shared/crypto/recovery-code';
import { derivePasswordKeys, newKdfParams, TEST_KDF_PARAMS, type KdfParams } from '../../../shared/crypto/kdf';

import type { AccountDocument } from '../../../api/accounts/repository';

jest.setTimeout(120_000);
let api: TestApi;

const PASSWORD = 'Lange zin voor het hof, 2026 ✓';
const LAWYER = 'mr.de.vries@advocatenkantoor.nl';

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

/** The browser's part of activation: keys and recovery code made here, only wrapped forms uploaded. */
async function clientActivation(accountId: string, password: string) {
  const keys = await createAccountKeys({ accountId, password, kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS });
  const recoveryCode = createRecoveryCode();
  const recovery = await wrapUserKeyWithRecoveryCode({ accountId, userKey: keys.unlocked.userKey, code: recoveryCode });
  const { kdfParams, authValue, publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey } = keys.upload;
  return {
    keys,
    recoveryCode,
    body: {
      kdf: kdfParams,
      authValue,
      keys: { publicKey, fingerprint, wrappedUserKeyByPassword, encryptedPrivateKey },
      recovery: { wrappedUserKeyByRecovery: recovery.wrappedUserKeyByRecovery, authValue: recovery.recoveryAuthValue },
    },
  };
}

async function clientLogin(email: string, password: string) {
  const pre = await request(api.app).post('/api/auth/prelogin').send({ email });
  expect(pre.status).toBe(200);
  const passwordKeys = await derivePasswordKeys({ password, params: pre.body.kdf as KdfParams, floor: TEST_KDF_PARAMS });
  const res = await request(api.app).post('/api/auth/login').send({ email, authValue: passwordKeys.authValue });
  return { res, passwordKeys };
}

const secrets: string[] = [];
const accountsCollection = () => api.database.db.collection<AccountDocument>('accounts');
type Active = AccountDocument & { [K in 'keys' | 'kdf' | 'authVerifier' | 'recovery']: NonNullable<AccountDocument[K]> };
async function activeAccount(filter: { email: string } | { _id: string }): Promise<Active> {
  const doc = await accountsCollection().findOne(filter);
  if (!doc?.keys || !doc.kdf || !doc.authVerifier || !doc.recovery) throw new Error('expected an active account');
  return doc as Active;
}

describe('the invited lawyer', () => {
  let accountId = '';
  let session: { accessToken: string; refreshToken: string } = { accessToken: '', refreshToken: '' };

  it('is imported from the register and invited by mail, with the token in the link fragment', async () => {
    const csv = `number,kind,name,email\nA12345,lawyer,Mr. J. de Vries,${LAWYER}\n`;
    const result = await api.features.register.importFile({ fileName: 'register.csv', content: Buffer.from(csv) });
    expect(result).toEqual(expect.objectContaining({ ok: true }));
    const mails = await api.mailTo(LAWYER);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/\/app#invitation=[A-Za-z0-9_-]{43}/);
  });

  it('registers with the invitation, which pre-verifies the address', async () => {
    const token = /#invitation=([A-Za-z0-9_-]+)/.exec((await api.mailTo(LAWYER))[0]!.text)![1]!;
    secrets.push(token);
    const res = await request(api.app).post('/api/registration').send({ email: LAWYER, invitationToken: token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'verified', accountId: expect.any(String), enrolmentToken: expect.any(String), invitation: { kind: 'lawyer' } });
    accountId = res.body.accountId as string;
    secrets.push(res.body.enrolmentToken as string);

    const activation = await clientActivation(accountId, PASSWORD);
    secrets.push(PASSWORD, activation.recoveryCode, activation.recoveryCode.replace(/-/g, ''), activation.body.authValue, activation.body.recovery.authValue);
    const userKey = Buffer.from(activation.keys.unlocked.userKey);
    secrets.push(userKey.toString('base64'), userKey.toString('base64url'), userKey.toString('hex'));
    const armoredPrivate = activation.keys.unlocked.privateKey.armor();
    const binaryPrivate = Buffer.from(activation.keys.unlocked.privateKey.write());
    secrets.push(armoredPrivate.split('\n').slice(3, 6).join(''), binaryPrivate.toString('base64').slice(0, 60), binaryPrivate.toString('hex').slice(0, 60));

    const activated = await request(api.app)
      .post('/api/registration/activate')
      .send({ accountId, enrolmentToken: res.body.enrolmentToken, invitationToken: token, ...activation.body });
    expect(activated.status).toBe(201);
    expect(activated.body).toEqual({ accountId });

    const again = await request(api.app).post('/api/registration').send({ email: LAWYER, invitationToken: token });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('INVITATION_INVALID');
  });

  it('gets a confirmation mail that says where the recovery code was shown, never the code', async () => {
    const mails = await api.mailTo(LAWYER);
    const confirmation = mails.find((m) => m.kind === 'account.activated');
    expect(confirmation?.text).toContain('herstelcode');
    expect(confirmation?.text).toContain('recovery code was shown once');
    // The invitation mail carries its own link; everything made later must never reach a mailbox.
    const later = secrets.slice(1);
    for (const secret of later) for (const mail of mails) expect(mail.text).not.toContain(secret);
  });

  it('logs in with the auth value; without a second factor the session may only set one up', async () => {
    const { res, passwordKeys } = await clientLogin(LAWYER, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.stage).toBe('setup');
    session = res.body.session as typeof session;
    secrets.push(session.refreshToken);
    const me = await request(api.app).get('/api/me').set(...bearer(session.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ accountId, email: LAWYER, invitation: { kind: 'lawyer' } }));
    // The stored copies unlock with the password in the client.
    const account = await api.features.accounts.me(accountId);
    expect(account.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const stored = await activeAccount({ _id: accountId });
    const unlocked = await unlockWithPasswordKeys({ accountId, passwordKeys, wrappedUserKeyByPassword: stored.keys.wrappedUserKeyByPassword, encryptedPrivateKey: stored.keys.encryptedPrivateKey });
    expect(unlocked.fingerprint).toBe(account.fingerprint);
  });

  it('lists its sessions and logs out, after which both tokens are useless at once', async () => {
    const list = await request(api.app).get('/api/sessions').set(...bearer(session.accessToken));
    expect(list.body.sessions).toEqual([expect.objectContaining({ current: true, stage: 'setup' })]);
    expect((await request(api.app).post('/api/sessions/logout').set(...bearer(session.accessToken))).status).toBe(204);
    const after = await request(api.app).get('/api/me').set(...bearer(session.accessToken));
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('SESSION_INVALID');
    const refresh = await request(api.app).post('/api/sessions/refresh').send({ refreshToken: session.refreshToken });
    expect(refresh.status).toBe(401);
  });

  it('leaves no secret in the database, in any encoding, and the stored values alone unlock nothing', async () => {
    const collections = await api.database.db.listCollections().toArray();
    let dump = '';
    for (const c of collections) dump += EJSON.stringify(await api.database.db.collection(c.name).find().toArray(), { relaxed: false });
    expect(dump.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect({ secret: secret.slice(0, 12), found: dump.includes(secret) }).toEqual({ secret: secret.slice(0, 12), found: false });

    const stored = (await activeAccount({ email: LAWYER }));
    const storedStrings = [stored.authVerifier.hash, stored.authVerifier.salt, stored.recovery.verifierHash, stored.kdf.salt, stored._id];
    for (const guess of storedStrings) {
      await expect(
        unlockWithPassword({ accountId: stored._id, password: guess, kdfParams: stored.kdf, wrappedUserKeyByPassword: stored.keys.wrappedUserKeyByPassword, encryptedPrivateKey: stored.keys.encryptedPrivateKey, floor: TEST_KDF_PARAMS }),
      ).rejects.toMatchObject({ code: 'UNWRAP_FAILED' });
    }
  });
});

describe('a secretary without invitation', () => {
  const SECRETARY = 'secretariaat@advocatenkantoor.nl';

  it('registers with a mailed code, activates, and can unlock with the recovery code', async () => {
    const res = await request(api.app).post('/api/registration').send({ email: SECRETARY });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'check-your-mail' });
    const mail = (await api.mailTo(SECRETARY)).find((m) => m.kind === 'account.verify')!;
    const code = /code in het Zegel-venster: ([0-9A-Z-]+)/.exec(mail.text)![1]!;
    const wrong = await request(api.app).post('/api/registration/verify').send({ email: SECRETARY, code: 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AA' });
    expect(wrong.body.error.code).toBe('VERIFICATION_CODE_INVALID');
    const verified = await request(api.app).post('/api/registration/verify').send({ email: SECRETARY, code: code.toLowerCase() });
    expect(verified.status).toBe(200);
    const reuse = await request(api.app).post('/api/registration/verify').send({ email: SECRETARY, code });
    expect(reuse.body.error.code).toBe('VERIFICATION_CODE_INVALID');

    const activation = await clientActivation(verified.body.accountId as string, 'secretariaat wachtwoord 42');
    const activated = await request(api.app).post('/api/registration/activate').send({ accountId: verified.body.accountId, enrolmentToken: verified.body.enrolmentToken, ...activation.body });
    expect(activated.status).toBe(201);
    const me = await api.features.accounts.me(verified.body.accountId as string);
    expect(me.invitation).toBeNull();

    const stored = (await activeAccount({ email: SECRETARY }));
    const unlocked = await unlockWithRecoveryCode({
      accountId: stored._id,
      code: parseRecoveryCode(activation.recoveryCode),
      wrappedUserKeyByRecovery: stored.recovery.wrappedUserKeyByRecovery,
      encryptedPrivateKey: stored.keys.encryptedPrivateKey,
    });
    expect(unlocked.fingerprint).toBe(stored.keys.fingerprint);
  });

  it('cannot be made to unwrap another account’s key: a swapped blob fails', async () => {
    const lawyer = (await activeAccount({ email: LAWYER }));
    const secretary = (await activeAccount({ email: SECRETARY }));
    await accountsCollection().updateOne({ _id: secretary._id }, { $set: { 'keys.wrappedUserKeyByPassword': lawyer.keys.wrappedUserKeyByPassword } });
    const { res, passwordKeys } = await clientLogin(SECRETARY, 'secretariaat wachtwoord 42');
    expect(res.status).toBe(200);
    const swapped = (await activeAccount({ email: SECRETARY }));
    await expect(unlockWithPasswordKeys({ accountId: swapped._id, passwordKeys, wrappedUserKeyByPassword: swapped.keys.wrappedUserKeyByPassword, encryptedPrivateKey: swapped.keys.encryptedPrivateKey })).rejects.toMatchObject({ code: 'UNWRAP_FAILED' });
    // Even the lawyer's own password cannot open the lawyer's blob under the secretary's account id.
    await expect(
      unlockWithPassword({ accountId: swapped._id, password: PASSWORD, kdfParams: lawyer.kdf, wrappedUserKeyByPassword: lawyer.keys.wrappedUserKeyByPassword, encryptedPrivateKey: lawyer.keys.encryptedPrivateKey, floor: TEST_KDF_PARAMS }),
    ).rejects.toMatchObject({ code: 'UNWRAP_FAILED' });
  });
});

describe('the client’s own floor', () => {
  it('refuses pre-login parameters below its compiled-in minimum, whatever the server says', async () => {
    await accountsCollection().updateOne({ email: LAWYER }, { $set: { 'kdf.memoryKiB': 8, 'kdf.iterations': 1 } });
    const pre = await request(api.app).post('/api/auth/prelogin').send({ email: LAWYER });
    expect(pre.body.kdf.memoryKiB).toBe(8);
    await expect(derivePasswordKeys({ password: PASSWORD, params: pre.body.kdf as KdfParams })).rejects.toMatchObject({ code: 'KDF_PARAMS_TOO_WEAK' });
  });
});
