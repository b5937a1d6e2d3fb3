// A clerk admitted by another clerk, over HTTP on the real engine: her memberships carry, with each
// wrap, the public key of the clerk who wrapped it, and nothing else; the web app's own unwrapping
// (reading.ts, without React) opens the unit key with it and she decrypts a filing. Reading the
// manifest and subject of a filing (what the desk does to list and search) leaves it unopened for the
// lawyer; fetching its body marks it opened.
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { sendSecure } from '../../helpers/messaging';
import { organisationsRepository } from '../../../api/organisations/repository';
import { createUnitKey, wrapUnitKeyFor } from '../../../shared/crypto/organisation-keys';
import { openMessage, type PartLayout } from '../../../shared/crypto/messages';
import { isCryptoError } from '../../../shared/crypto/errors';
import { loadWebAppCrypto } from '../../../addin/webapp/crypto-loader';
import { unlockUnitKeys } from '../../../addin/webapp/reading';
import type { Membership } from '../../../addin/webapp/types';

jest.setTimeout(180_000);

const GRIFFIE = 'griffie@rechtspraak.nl';
const SUBJECT = 'Zaaknummer C/13/712345 – verzoekschrift';
let now = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let api: TestApi;
let lawyer: OnboardedUser;
let clerkA: OnboardedUser;
let clerkB: OnboardedUser;
let unitId = '';
let unitFingerprint = '';
let filingId = '';

const keysOf = (who: OnboardedUser) => ({ accountId: who.accountId, privateKey: who.keys.privateKey, publicKey: who.keys.publicKey, fingerprint: who.keys.fingerprint });

async function membershipsOf(who: OnboardedUser): Promise<Membership[]> {
  const res = await request(api.app).get('/api/organisations/me').set(...bearer(await who.token()));
  expect(res.status).toBe(200);
  return res.body.memberships as Membership[];
}

async function chunk(who: OnboardedUser, messageId: string, partId: string, index: number): Promise<Uint8Array> {
  const res = await request(api.app)
    .get(`/api/messages/${messageId}/parts/${partId}/chunks/${index}`)
    .set(...bearer(await who.token()))
    .buffer(true)
    .parse((r, cb) => {
      const data: Buffer[] = [];
      r.on('data', (c: Buffer) => data.push(c));
      r.on('end', () => cb(null, Buffer.concat(data)));
    });
  expect(res.status).toBe(200);
  return new Uint8Array(res.body as Buffer);
}

async function lawyersView() {
  const res = await request(api.app).get(`/api/messages/${filingId}`).set(...bearer(await lawyer.token()));
  return res.body as { recipients: { address: string; openedAt: string | null }[] };
}

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  clerkA = await onboard(api, { email: 'griffier.a@rechtspraak.nl', clock });
  clerkB = await onboard(api, { email: 'griffier.b@rechtspraak.nl', clock });
  await linkBarNumber(api, lawyer, 'A12345', 'Mr. P. Jansen');
  const orgs = organisationsRepository(api.database.db, api.database.durable);
  await orgs.upsertOrganisation({ id: 'rechtspraak', name: 'De Rechtspraak', domains: ['rechtspraak.nl'] });
  const unit = await orgs.addUnit({ orgId: 'rechtspraak', name: 'Griffie', addresses: [GRIFFIE], isDefault: true });
  unitId = unit._id;
  const first = await orgs.addMember({ unitId, accountId: clerkA.accountId, role: 'clerk-admin' });
  const unitKey = await createUnitKey({ unitName: 'Griffie' });
  unitFingerprint = unitKey.fingerprint;
  const own = await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: clerkA.keys.publicKey, signingKey: clerkA.keys.privateKey });
  const published = await request(api.app)
    .post(`/api/organisations/units/${unitId}/key`)
    .set(...bearer(await clerkA.token()))
    .send({ version: 1, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint, wraps: [{ memberId: first._id, wrapped: own.wrapped }] });
  expect(published.status).toBe(200);
  // Clerk A's client admits clerk B: the unit key wrapped to B's account key, signed by A.
  await orgs.addMember({ unitId, accountId: clerkB.accountId, role: 'clerk' });
  const pending = await request(api.app).get(`/api/organisations/units/${unitId}/pending`).set(...bearer(await clerkA.token()));
  const newcomer = pending.body.pending[0] as { memberId: string; publicKey: string };
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: newcomer.publicKey, signingKey: clerkA.keys.privateKey });
  const admitted = await request(api.app).post(`/api/organisations/units/${unitId}/members/${newcomer.memberId}/admit`).set(...bearer(await clerkA.token())).send({ version: 1, wrapped: wrap.wrapped });
  expect(admitted.status).toBe(200);
  const filing = await sendSecure(api, lawyer, { to: [GRIFFIE], subject: SUBJECT, body: 'Geachte griffie, hierbij het verzoekschrift.' });
  expect(filing.commit?.status).toBe(200);
  filingId = filing.messageId!;
});

afterAll(async () => {
  await api?.close();
});

it("gives the admitted clerk, with her wrap, the admitting clerk's public key and no other", async () => {
  const [membership] = await membershipsOf(clerkB);
  expect(membership?.wrappedKeys).toEqual([{ version: 1, wrapped: expect.any(String), wrappedBy: clerkA.accountId, wrappedByKey: { publicKey: clerkA.keys.publicKey.armor(), fingerprint: clerkA.keys.fingerprint } }]);
  // The lawyer is no member: she learns no clerk's key.
  expect(await membershipsOf(lawyer)).toEqual([]);
});

it("opens the unit key in the web app's reading code and decrypts the filing", async () => {
  const crypto = await loadWebAppCrypto();
  const memberships = await membershipsOf(clerkB);
  // Without the admitting clerk's key the wrap cannot be checked, and stays shut.
  const withoutKey = await unlockUnitKeys({ crypto, keys: keysOf(clerkB), memberships: memberships.map((m) => ({ ...m, wrappedKeys: m.wrappedKeys.map(({ wrappedByKey: _key, ...w }) => w) })) });
  expect(withoutKey.get(unitId)).toEqual({ current: null, all: [] });
  // A key from the server that did not sign the wrap is refused.
  const forged = await unlockUnitKeys({ crypto, keys: keysOf(clerkB), memberships: memberships.map((m) => ({ ...m, wrappedKeys: m.wrappedKeys.map((w) => ({ ...w, wrappedByKey: { publicKey: lawyer.keys.publicKey.armor(), fingerprint: lawyer.keys.fingerprint } })) })) }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(isCryptoError(forged, 'SIGNATURE_INVALID')).toBe(true);

  const unit = (await unlockUnitKeys({ crypto, keys: keysOf(clerkB), memberships })).get(unitId);
  expect(unit?.current?.getFingerprint()).toBe(unitFingerprint);
  const meta = await request(api.app).get(`/api/messages/${filingId}`).set(...bearer(await clerkB.token()));
  const opened = await openMessage({ parts: meta.body.parts as PartLayout[], fetchChunk: (partId, index) => chunk(clerkB, filingId, partId, index), decryptionKeys: [unit!.current!], expectedSigners: [lawyer.keys.publicKey] });
  expect(await opened.readText('subject')).toBe(SUBJECT);
  // The desk's part only: manifest and subject. Not opened.
  expect((await lawyersView()).recipients).toEqual([expect.objectContaining({ address: GRIFFIE, openedAt: null })]);
  const unitList = await request(api.app).get(`/api/messages?box=unit&unitId=${unitId}`).set(...bearer(await clerkB.token()));
  expect((unitList.body.messages as { recipients: { openedAt: string | null }[] }[])[0]!.recipients[0]!.openedAt).toBeNull();

  expect(await opened.readText('body')).toBe('Geachte griffie, hierbij het verzoekschrift.');
  expect((await lawyersView()).recipients).toEqual([expect.objectContaining({ address: GRIFFIE, openedAt: expect.any(String) })]);
});
