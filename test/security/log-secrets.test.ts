// Threat: secrets leaking into logs (ASVS 16.2.5, checklist M2). A full journey — register, activate,
// second factor, link the BAR number, send to the court, read — and then the captured log output is
// searched for every secret used on the way.
import request from 'supertest';
import { startTestApi, bearer, passwordLogin, type TestApi } from '../helpers/api';
import { onboard, linkBarNumber, stepUpFor, type OnboardedUser } from '../helpers/onboarding';
import { sendSecure } from '../helpers/messaging';
import { organisationsRepository } from '../../api/organisations/repository';
import { createUnitKey, wrapUnitKeyFor } from '../../shared/crypto/organisation-keys';
import { totpCodeAt } from '../../api/two-factor/totp';

jest.setTimeout(180_000);
let api: TestApi;
let now = new Date('2026-11-28T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
});
afterAll(async () => {
  await api?.close();
});

it('logs none of the passwords, codes, keys, tokens or message content of a full journey', async () => {
  const secrets: string[] = [];
  const lawyer: OnboardedUser = await onboard(api, { email: 'mr.log@kantoor.nl', password: 'geheim wachtwoord van de advocaat', clock });
  const clerk: OnboardedUser = await onboard(api, { email: 'griffier.log@rechtspraak.nl', clock });
  const orgs = organisationsRepository(api.database.db, api.database.durable);
  await orgs.upsertOrganisation({ id: 'rechtspraak', name: 'De Rechtspraak', domains: ['rechtspraak.nl'] });
  const unit = await orgs.addUnit({ orgId: 'rechtspraak', name: 'Griffie', addresses: ['griffie@rechtspraak.nl'], isDefault: true });
  const member = await orgs.addMember({ unitId: unit._id, accountId: clerk.accountId, role: 'clerk-admin' });
  const unitKey = await createUnitKey({ unitName: 'Griffie' });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: clerk.keys.publicKey, signingKey: clerk.keys.privateKey });
  await request(api.app).post(`/api/organisations/units/${unit._id}/key`).set(...bearer(await clerk.token())).send({ version: 1, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint, wraps: [{ memberId: member._id, wrapped: wrap.wrapped }] });
  await linkBarNumber(api, lawyer, 'A77777', 'Mr. Log');

  const subject = 'Geheime zaak 2026-LOG-4711';
  const body = 'Vertrouwelijke inhoud die nooit in een log mag staan';
  const sent = await sendSecure(api, lawyer, { to: ['griffie@rechtspraak.nl'], subject, body, attachments: [{ name: 'geheim-bijlage-naam.pdf', data: new TextEncoder().encode('%PDF-1.4 vertrouwelijk') }] });
  expect(sent.commit?.status).toBe(200);

  // Wrong codes and a step-up too, so failure paths are in the log as well.
  const { res } = await passwordLogin(api, lawyer.email, lawyer.password);
  await request(api.app).post('/api/auth/second-factor').send({ attemptToken: res.body.attemptToken, method: 'totp', code: '999999' });
  const grant = await stepUpFor(api, lawyer, 'regenerate-backup-codes');
  const regenerated = await request(api.app).post('/api/two-factor/backup-codes').set(...bearer(await lawyer.token())).send({ stepUpToken: grant });
  const lastToken = await lawyer.token();

  const { passwordKeys } = await passwordLogin(api, lawyer.email, lawyer.password);
  secrets.push(
    lawyer.password,
    passwordKeys.authValue,
    lawyer.recoveryCode,
    lawyer.recoveryCode.replace(/-/g, ''),
    lawyer.totpSecret,
    totpCodeAt(lawyer.totpSecret, now),
    ...lawyer.backupCodes,
    ...(regenerated.body.backupCodes as string[]),
    grant,
    lastToken,
    res.body.attemptToken as string,
    Buffer.from(lawyer.keys.userKey).toString('base64url'),
    subject,
    body,
    'geheim-bijlage-naam.pdf',
    sent.commit!.body.receipt as string,
  );
  const log = api.logs.text();
  expect(log.length).toBeGreaterThan(1000);
  expect(log).toContain('"msg":"request"');
  for (const secret of secrets) expect({ secret: secret.slice(0, 10), found: log.includes(secret) }).toEqual({ secret: secret.slice(0, 10), found: false });
});
