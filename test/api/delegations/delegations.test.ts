// Delegated access over HTTP on the real engine: who may grant to whom, the grant signed by the
// lawyer's key, the states, sending on behalf (signed by the secretary, receipt naming both, the court
// seeing the lawyer's BAR number), revocation biting on the next request, and what a delegate can
// never do: pass access on or touch the lawyer's own settings.
import request from 'supertest';
import { bearer, activateAccount } from '../../helpers/api';
import { onboard, linkBarNumber, stepUpFor, type OnboardedUser } from '../../helpers/onboarding';
import { sendSecure, readSecure } from '../../helpers/messaging';
import { signGrant, verifyGrant } from '../../../shared/crypto/grants';
import { verifyReceipt } from '../../../shared/crypto/receipt';
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { createDelegationHooks, delegationsRepository } from '../../../api/delegations/feature';
import { accountsRepository } from '../../../api/accounts/repository';
import { startDelegationsApi, type DelegationsTestApi } from './app';
import { acceptGrant, delegate, grantAccess, grantFor, makeClock, revokeGrant, setUpCourt } from './helpers';

jest.setTimeout(240_000);

const clock = makeClock('2026-12-07T09:00:00Z');
let api: DelegationsTestApi;
let lawyer: OnboardedUser;
let secretary: OnboardedUser;
let secretary2: OnboardedUser;
let clerk: OnboardedUser;

const audits = (action: string) => api.database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action }).toArray();
const mailKinds = async (address: string) => (await api.mailTo(address)).map((m) => m.kind);
const court = ['griffie@rechtspraak.nl'];

beforeAll(async () => {
  api = await startDelegationsApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  secretary = await onboard(api, { email: 's.devries@advocaten.nl', clock });
  secretary2 = await onboard(api, { email: 'p.bakker@advocaten.nl', clock });
  clerk = await onboard(api, { email: 'griffier@rechtspraak.nl', clock });
  await setUpCourt(api, clerk);
});
afterAll(async () => {
  await api?.close();
});

describe('who may grant to whom', () => {
  it('refuses a lawyer whose steps 1–4 are not done (no court connection yet)', async () => {
    const res = await request(api.app).post('/api/delegations/delegate-lookup').set(...bearer(await lawyer.token())).send({ email: secretary.email });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'COURT_CONNECTION_REQUIRED', reason: 'granter-not-connected' });
    await linkBarNumber(api, lawyer, 'A12345', 'Mr. P. Jansen');
  });

  it('refuses a grant to an account without a second factor: "ask them to do steps 2 and 3 first", Dutch and English', async () => {
    const bare = await activateAccount(api, 'nieuw@advocaten.nl', 'een wachtwoord voor de nieuwe collega');
    const lookup = await request(api.app).post('/api/delegations/delegate-lookup').set(...bearer(await lawyer.token())).send({ email: 'nieuw@advocaten.nl' });
    expect(lookup.status).toBe(409);
    expect(lookup.body.error).toMatchObject({ code: 'DELEGATE_NOT_READY', reason: 'second-factor-missing' });
    expect(lookup.body.error.texts.nl).toContain('stap 2 en 3');
    expect(lookup.body.error.texts.en).toContain('steps 2 and 3 first');

    // A client that skips the lookup and posts a signed grant is refused the same way.
    const grant = grantFor({ principal: lawyer, delegate: { accountId: bare.accountId, fingerprint: bare.keys.upload.fingerprint }, scopes: ['send_on_behalf'], at: clock.now() });
    const signature = await signGrant({ principalKey: lawyer.keys.privateKey, grant });
    const stepUpToken = await stepUpFor(api, lawyer, 'grant-delegation');
    const res = await request(api.app).post('/api/delegations').set(...bearer(await lawyer.token())).send({ grant, signature, stepUpToken });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DELEGATE_NOT_READY', reason: 'second-factor-missing' });
    expect(await api.database.db.collection('delegations').countDocuments({ delegateAccountId: bare.accountId })).toBe(0);
  });

  it('tells the lawyer when there is no account at all for the address', async () => {
    const res = await request(api.app).post('/api/delegations/delegate-lookup').set(...bearer(await lawyer.token())).send({ email: 'niemand@advocaten.nl' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DELEGATE_NOT_READY', reason: 'no-account' });
  });

  it('needs a step-up, and the lawyer’s own signature over exactly this grant', async () => {
    const lookup = await request(api.app).post('/api/delegations/delegate-lookup').set(...bearer(await lawyer.token())).send({ email: secretary.email });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({ accountId: secretary.accountId, email: secretary.email, publicKey: expect.stringContaining('BEGIN PGP PUBLIC KEY'), fingerprint: secretary.keys.fingerprint });
    const grant = grantFor({ principal: lawyer, delegate: lookup.body, scopes: ['send_on_behalf'], at: clock.now() });
    const signature = await signGrant({ principalKey: lawyer.keys.privateKey, grant });

    const noStepUp = await request(api.app).post('/api/delegations').set(...bearer(await lawyer.token())).send({ grant, signature });
    expect(noStepUp.body.error.code).toBe('STEP_UP_REQUIRED');

    // Signed by someone else's key, or for other scopes than signed: refused before the step-up is spent.
    const foreign = await signGrant({ principalKey: secretary2.keys.privateKey, grant });
    const stepUpToken = await stepUpFor(api, lawyer, 'grant-delegation');
    for (const body of [{ grant, signature: foreign }, { grant: { ...grant, scopes: ['send_on_behalf', 'read'] }, signature }]) {
      const res = await request(api.app).post('/api/delegations').set(...bearer(await lawyer.token())).send({ ...body, stepUpToken });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'GRANT_INVALID', reason: 'signature-invalid' });
    }
    const stale = await request(api.app).post('/api/delegations').set(...bearer(await lawyer.token())).send({ grant: { ...grant, delegateFingerprint: secretary2.keys.fingerprint }, signature, stepUpToken });
    expect(stale.body.error).toMatchObject({ code: 'GRANT_INVALID', reason: 'delegate-key-changed' });
    expect(await api.database.db.collection('delegations').countDocuments({})).toBe(0);
  });
});

describe('granting, accepting, sending on behalf', () => {
  let grantId = '';

  it('refuses a send on behalf without a grant', async () => {
    const res = await sendSecure(api, secretary, { to: court, subject: 'Namens mr. Jansen', body: 'Geen toegang.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(res.created.status).toBe(403);
    expect(res.created.body.error.code).toBe('FORBIDDEN');
    expect((await audits('message.create')).at(-1)).toMatchObject({ actor: secretary.accountId, actingFor: lawyer.accountId, outcome: 'denied' });
    expect((await audits('delegation.check')).at(-1)).toMatchObject({ actor: secretary.accountId, actingFor: lawyer.accountId, outcome: 'denied', details: { scope: 'send_on_behalf' } });
  });

  it('stores the signed grant; the delegate is told, sees it, and accepts it', async () => {
    const created = await grantAccess(api, lawyer, secretary, { scopes: ['send_on_behalf'], at: clock.now() });
    expect(created.status).toBe(201);
    grantId = created.body.grantId as string;
    expect(created.body).toMatchObject({ state: 'created', scopes: ['send_on_behalf'], principal: { accountId: lawyer.accountId, email: lawyer.email }, delegate: { accountId: secretary.accountId, fingerprint: secretary.keys.fingerprint } });
    expect(await mailKinds(secretary.email)).toContain('delegation.granted');
    expect(await mailKinds(lawyer.email)).toContain('delegation.granted-notice');

    const held = await request(api.app).get('/api/delegations').set(...bearer(await secretary.token()));
    expect(held.body.held).toEqual([expect.objectContaining({ grantId, state: 'created' })]);
    // Anyone can check the stored grant against the lawyer's key.
    await expect(verifyGrant({ grant: held.body.held[0].grant, signature: held.body.held[0].signature, principalPublicKey: lawyer.keys.publicKey })).resolves.toBe(true);

    // Created is not yet in force.
    const early = await sendSecure(api, secretary, { to: court, subject: 'Te vroeg', body: '.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(early.created.status).toBe(403);

    const accepted = await acceptGrant(api, secretary, grantId);
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('active');
    expect(await mailKinds(lawyer.email)).toContain('delegation.accepted');
    expect((await audits('delegation.grant')).at(-1)).toMatchObject({ actor: lawyer.accountId, outcome: 'success', target: grantId });
    expect((await audits('delegation.accept')).at(-1)).toMatchObject({ actor: secretary.accountId, target: grantId });
  });

  it('refuses a second live grant for the same pair, and accepting twice', async () => {
    const again = await grantAccess(api, lawyer, secretary, { scopes: ['read'], at: clock.now() });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DELEGATION_EXISTS');
    const twice = await acceptGrant(api, secretary, grantId);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('DELEGATION_STATE_INVALID');
    // Only the delegate accepts.
    expect((await acceptGrant(api, secretary2, grantId)).status).toBe(404);
  });

  let receipt = '';
  let messageId = '';

  it('sends to the court on behalf: signed by the secretary, the receipt names the lawyer (BAR number) and the secretary', async () => {
    const sent = await sendSecure(api, secretary, { to: court, subject: 'Conclusie van antwoord', body: 'Namens mr. Jansen.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(sent.created.status).toBe(201);
    expect(sent.commit?.status).toBe(200);
    messageId = sent.messageId!;
    receipt = sent.commit!.body.receipt as string;
    const jwks = (await request(api.app).get('/api/receipts/jwks.json')).body as { keys: [] };
    const payload = await verifyReceipt({ jws: receipt, jwks, issuer: api.config.publicBaseUrl.origin, now: clock.now() });
    expect(payload.principal).toEqual({ accountId: lawyer.accountId, professionalNumber: 'A12345', kind: 'lawyer' });
    expect(payload.actor).toEqual({ accountId: secretary.accountId });
    expect((await audits('message.send')).at(-1)).toMatchObject({ actor: secretary.accountId, actingFor: lawyer.accountId, target: messageId });
    // The lawyer reads it too (the client encrypted to the principal's key); the signature is the secretary's.
    const { opened, meta } = await readSecure(api, lawyer, messageId, [lawyer.keys.privateKey], [secretary.keys.publicKey]);
    expect(await opened.readText('subject')).toBe('Conclusie van antwoord');
    expect(opened.signerFingerprint).toBe(secretary.keys.fingerprint);
    expect(meta.principal).toMatchObject({ accountId: lawyer.accountId, professionalNumber: 'A12345' });
    expect(meta.sender).toMatchObject({ accountId: secretary.accountId });
  });

  it('tells the lawyer of every message sent on their behalf (or in a daily digest)', async () => {
    const mails = (await api.mailTo(lawyer.email)).filter((m) => m.kind === 'delegation.sent-on-behalf');
    expect(mails.at(-1)?.text).toContain(messageId);
    expect(mails.at(-1)?.text).toContain(secretary.email);

    await request(api.app).put('/api/delegations/settings').set(...bearer(await lawyer.token())).send({ onBehalfNotice: 'daily' });
    const second = await sendSecure(api, secretary, { to: court, subject: 'Tweede stuk', body: '.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(second.commit?.status).toBe(200);
    expect((await api.mailTo(lawyer.email)).filter((m) => m.kind === 'delegation.sent-on-behalf')).toHaveLength(mails.length);
    await api.sweep(new Date(clock.now().getTime() + 3600 * 1000));
    expect((await api.mailTo(lawyer.email)).filter((m) => m.kind === 'delegation.sent-on-behalf-digest')).toHaveLength(0);
    await api.sweep(new Date(clock.now().getTime() + 25 * 3600 * 1000));
    await api.sweep(new Date(clock.now().getTime() + 26 * 3600 * 1000));
    const digests = (await api.mailTo(lawyer.email)).filter((m) => m.kind === 'delegation.sent-on-behalf-digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.text).toContain(second.messageId!);
    await request(api.app).put('/api/delegations/settings').set(...bearer(await lawyer.token())).send({ onBehalfNotice: 'each' });
  });

  it('keeps "recipients see only my name" a display preference: receipt and signature unchanged', async () => {
    const put = await request(api.app).put('/api/delegations/settings').set(...bearer(await lawyer.token())).send({ showOnlyPrincipalName: true });
    expect(put.body).toEqual({ showOnlyPrincipalName: true, onBehalfNotice: 'each' });
    const principals = await request(api.app).get('/api/delegations/principals').query({ from: lawyer.email }).set(...bearer(await secretary.token()));
    expect(principals.body.candidates).toEqual([expect.objectContaining({ accountId: lawyer.accountId, display: { showOnlyPrincipalName: true }, professional: { number: 'A12345', kind: 'lawyer', courtConnectionActive: true } })]);
    const sent = await sendSecure(api, secretary, { to: court, subject: 'Alleen mijn naam', body: '.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    const jwks = (await request(api.app).get('/api/receipts/jwks.json')).body as { keys: [] };
    const payload = await verifyReceipt({ jws: sent.commit!.body.receipt as string, jwks, issuer: api.config.publicBaseUrl.origin, now: clock.now() });
    expect(payload.actor).toEqual({ accountId: secretary.accountId });
    expect(payload.principal.accountId).toBe(lawyer.accountId);
    await request(api.app).put('/api/delegations/settings').set(...bearer(await lawyer.token())).send({ showOnlyPrincipalName: false });
  });

  describe('what a delegate can never do', () => {
    let otherGrant = '';

    beforeAll(async () => {
      otherGrant = await delegate(api, lawyer, secretary2, { scopes: ['read'], at: clock.now() });
    });

    it('cannot grant further: not in the lawyer’s name, and not as a lawyer', async () => {
      const grant = grantFor({ principal: lawyer, delegate: { accountId: secretary2.accountId, fingerprint: secretary2.keys.fingerprint }, scopes: ['send_on_behalf'], at: clock.now() });
      const signature = await signGrant({ principalKey: secretary.keys.privateKey, grant });
      const stepUpToken = await stepUpFor(api, secretary, 'grant-delegation');
      const inHisName = await request(api.app).post('/api/delegations').set(...bearer(await secretary.token())).send({ grant, signature, stepUpToken });
      expect(inHisName.status).toBe(403);
      expect(inHisName.body.error).toMatchObject({ code: 'FORBIDDEN', reason: 'not-own-account' });

      const own = { ...grant, principalAccountId: secretary.accountId };
      const ownSigned = await signGrant({ principalKey: secretary.keys.privateKey, grant: own });
      const asHerself = await request(api.app).post('/api/delegations').set(...bearer(await secretary.token())).send({ grant: own, signature: ownSigned, stepUpToken });
      expect(asHerself.status).toBe(403);
      expect(asHerself.body.error.code).toBe('COURT_CONNECTION_REQUIRED');
      expect((await request(api.app).post('/api/delegations/delegate-lookup').set(...bearer(await secretary.token())).send({ email: secretary2.email })).status).toBe(403);
      expect((await audits('delegation.grant')).at(-1)).toMatchObject({ actor: secretary.accountId, outcome: 'denied' });
    });

    it('cannot revoke or accept the lawyer’s other grants, nor change the lawyer’s delegation settings', async () => {
      expect((await revokeGrant(api, secretary, otherGrant)).status).toBe(404);
      const lawyerView = await request(api.app).get('/api/delegations').set(...bearer(await lawyer.token()));
      expect(lawyerView.body.given.find((g: { grantId: string }) => g.grantId === otherGrant)).toMatchObject({ state: 'active' });
      // Settings always belong to the caller: the secretary changes her own, never the lawyer's.
      await request(api.app).put('/api/delegations/settings').set(...bearer(await secretary.token())).send({ showOnlyPrincipalName: true, onBehalfNotice: 'daily' });
      const lawyerSettings = await request(api.app).get('/api/delegations/settings').set(...bearer(await lawyer.token()));
      expect(lawyerSettings.body).toEqual({ showOnlyPrincipalName: false, onBehalfNotice: 'each' });
      const sneaky = await request(api.app).put('/api/delegations/settings').set(...bearer(await secretary.token())).send({ showOnlyPrincipalName: false, principalAccountId: lawyer.accountId });
      expect(sneaky.body.error.code).toBe('UNKNOWN_FIELD');
    });

    it('cannot change the lawyer’s password, second factors or number: those routes act on the caller only', async () => {
      const token = await secretary.token();
      const withPrincipal = { principalAccountId: lawyer.accountId };
      for (const [route, body] of [
        ['/api/account/password', { password: {}, ...withPrincipal }],
        ['/api/two-factor/remove', { method: 'totp', ...withPrincipal }],
        ['/api/two-factor/backup-codes', withPrincipal],
        ['/api/professional/unlink', withPrincipal],
        ['/api/account/recovery-code', { recovery: {}, ...withPrincipal }],
        ['/api/account/close', { destroyKeys: false, ...withPrincipal }],
      ] as const) {
        const res = await request(api.app).post(route).set(...bearer(token)).send(body);
        expect({ route, status: res.status, code: res.body.error?.code }).toEqual({ route, status: 400, code: expect.stringMatching(/UNKNOWN_FIELD|VALIDATION_FAILED/) });
      }
      // With her own step-up she reaches only her own account: she has no number to unlink.
      const grant = await stepUpFor(api, secretary, 'unlink-number');
      const unlink = await request(api.app).post('/api/professional/unlink').set(...bearer(await secretary.token())).send({ stepUpToken: grant });
      expect(unlink.body.error.code).toBe('NUMBER_NOT_LINKED');
      const status = await request(api.app).get('/api/professional/status').set(...bearer(await lawyer.token()));
      expect(status.body).toMatchObject({ active: true, number: 'A12345', secondFactorConfigured: true });
    });
  });

  it('bites on the next request after revocation, even with a still-valid access token', async () => {
    const token = await secretary.token();
    const sameToken = { ...secretary, token: () => Promise.resolve(token) };
    // Created and (nearly) uploaded while the grant is in force; the last chunk and the commit come after the revocation.
    const started = await sendSecure(api, sameToken, { to: court, subject: 'Bijna verstuurd', body: '.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()], stopAfterChunks: 2 });
    expect(started.created.status).toBe(201);
    expect(started.commit).toBeNull();
    const revoked = await revokeGrant(api, lawyer, grantId);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ state: 'revoked', endReason: 'principal' });

    // The token still authenticates, but the grant is checked again: the commit and a new send are refused.
    expect((await request(api.app).get('/api/me').set(...bearer(token))).status).toBe(200);
    const last = started.chunks!.at(-1)!;
    const put = await request(api.app).put(`/api/messages/${started.messageId}/parts/${last.partId}/chunks/${last.index}`).set(...bearer(token)).set('Content-Type', 'application/octet-stream').send(Buffer.from(last.ciphertext));
    expect(put.status).toBe(200);
    const commit = await request(api.app).post(`/api/messages/${started.messageId}/commit`).set(...bearer(token)).send();
    expect(commit.status).toBe(403);
    const again = await sendSecure(api, sameToken, { to: court, subject: 'Nog een', body: '.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(again.created.status).toBe(403);

    expect(await mailKinds(lawyer.email)).toContain('delegation.revoked');
    expect(await mailKinds(secretary.email)).toContain('delegation.revoked');
    expect((await audits('delegation.revoke')).at(-1)).toMatchObject({ actor: lawyer.accountId, target: grantId, details: { reason: 'principal' } });
    // Final: it cannot be accepted or revoked again.
    expect((await acceptGrant(api, secretary, grantId)).body.error.code).toBe('DELEGATION_STATE_INVALID');
    expect((await revokeGrant(api, lawyer, grantId)).body.error.code).toBe('DELEGATION_STATE_INVALID');
  });
});

describe('expiry and the account life cycle', () => {
  it('ends a grant at its signed expiry: refused at once, recorded and told by the sweeper', async () => {
    const grantId = await delegate(api, lawyer, secretary, { scopes: ['send_on_behalf'], expiresAt: new Date(clock.now().getTime() + 10 * 60 * 1000), at: clock.now() });
    const ok = await sendSecure(api, secretary, { to: court, subject: 'Binnen de tijd', body: '.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(ok.commit?.status).toBe(200);
    clock.advance(11 * 60); // within the sessions' idle limit
    const late = await sendSecure(api, secretary, { to: court, subject: 'Te laat', body: '.', principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(late.created.status).toBe(403);
    const view = await request(api.app).get('/api/delegations').set(...bearer(await lawyer.token()));
    expect(view.body.given.find((g: { grantId: string }) => g.grantId === grantId)).toMatchObject({ state: 'expired' });
    await api.sweep(clock.now());
    const stored = await api.database.db.collection('delegations').findOne({ _id: grantId as never });
    expect(stored).toMatchObject({ state: 'expired', liveKey: null, endReason: 'expired' });
    expect(await mailKinds(lawyer.email)).toContain('delegation.expired');
    expect((await audits('delegation.expire')).at(-1)).toMatchObject({ actor: null, target: grantId });
  });

  it('revokes what a closed account gave and held, and tells the other party', async () => {
    const leaving = await onboard(api, { email: 'vertrekt@advocaten.nl', clock });
    const grantId = await delegate(api, lawyer, leaving, { scopes: ['send_on_behalf', 'read'], at: clock.now() });
    const stepUpToken = await stepUpFor(api, leaving, 'close-account');
    const closed = await request(api.app).post('/api/account/close').set(...bearer(await leaving.token())).send({ destroyKeys: false, stepUpToken });
    expect(closed.status).toBe(200);
    const stored = await api.database.db.collection('delegations').findOne({ _id: grantId as never });
    expect(stored).toMatchObject({ state: 'revoked', liveKey: null, endReason: 'account-closed', endedBy: leaving.accountId });
    expect((await audits('account.close')).at(-1)).toMatchObject({ actor: leaving.accountId, details: expect.objectContaining({ delegationsRevoked: 1 }) });
    expect((await api.mailTo(lawyer.email)).filter((m) => m.kind === 'delegation.revoked').at(-1)?.text).toContain('opgeheven');
  });

  it('revokes every grant an account gave or holds after re-enrolment (new keys: old signatures no longer count)', async () => {
    const a = await delegate(api, lawyer, secretary, { scopes: ['read'], at: clock.now() });
    const hooks = createDelegationHooks({ repository: delegationsRepository(api.database.db, api.database.durable), accounts: accountsRepository(api.database.db, api.database.durable), audit: api.features.audit, mailer: api.features.mailer, now: clock.now });
    const live = await api.database.db.collection('delegations').countDocuments({ principalAccountId: lawyer.accountId, liveKey: { $type: 'string' } });
    expect(live).toBeGreaterThanOrEqual(2);
    const count = await hooks.revokeDelegationsAfterReEnrolment({ accountId: lawyer.accountId, requestId: 'test-re-enrolment' });
    expect(count).toBe(live);
    expect(await api.database.db.collection('delegations').countDocuments({ principalAccountId: lawyer.accountId, liveKey: { $type: 'string' } })).toBe(0);
    expect(await api.database.db.collection('delegations').findOne({ _id: a as never })).toMatchObject({ state: 'revoked', endReason: 're-enrolment' });
    expect(await hooks.revokeDelegationsAfterReEnrolment({ accountId: lawyer.accountId, requestId: 'again' })).toBe(0);
    expect(await api.features.audit.verify()).toMatchObject({ ok: true });
  });
});
