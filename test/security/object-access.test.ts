// Threat: reaching another user's objects by id (BOLA/IDOR): a message, its chunks and receipt, an
// upload in progress, a unit key, a delegation grant, a session. Every lookup is filtered by owner or
// grant: the answer is 404 (or 403), nothing changes, and the id's existence is not confirmed.
// Checklist H1, H6 (ASVS 5.0 8.2.2, 8.4.1; 4.0.3 4.2.1). Delegates acting beyond their grant:
// test/api/delegations/delegations.test.ts.
import request from 'supertest';
import { bearer, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import { linkBarNumber, type OnboardedUser } from '../helpers/onboarding';
import { sendSecure } from '../helpers/messaging';
import { delegate, setUpCourt } from '../api/delegations/helpers';
import { organisationsRepository } from '../../api/organisations/repository';
import { changedCollections, domainState } from './domain-state';

jest.setTimeout(180_000);
let api: TestApi;
const clock = testClock();
let alice: OnboardedUser;
let bob: OnboardedUser;
let carol: OnboardedUser;
let clerk: OnboardedUser;
let newClerk: OnboardedUser;
let messageId = '';
let courtMessageId = '';
let pending: Awaited<ReturnType<typeof sendSecure>>;
let grantId = '';
let unitId = '';

beforeAll(async () => {
  ({ api, users: [alice, bob, carol, clerk, newClerk] } = await apiWithUsers(clock, ['mr.alice@kantoor-a.nl', 'mr.bob@kantoor-b.nl', 'c.nieuwsgierig@elders.nl', 'griffier@rechtspraak.nl', 'nieuwe.griffier@rechtspraak.nl']));
  await setUpCourt(api, clerk);
  const orgs = organisationsRepository(api.database.db, api.database.durable);
  unitId = String((await api.database.db.collection('org_units').findOne({}))!._id);
  await orgs.addMember({ unitId, accountId: newClerk.accountId, role: 'clerk' });
  await linkBarNumber(api, alice, 'A12345', 'Mr. Alice');

  const sent = await sendSecure(api, alice, { to: [bob.email], subject: 'Onderling', body: 'Alleen voor Bob' });
  expect(sent.commit?.status).toBe(200);
  messageId = sent.messageId!;
  const court = await sendSecure(api, alice, { to: ['griffie@rechtspraak.nl'], subject: 'Dagvaarding', body: 'Voor de griffie' });
  expect(court.commit?.status).toBe(200);
  courtMessageId = court.messageId!;
  pending = await sendSecure(api, alice, { to: [bob.email], subject: 'Nog bezig', body: 'Halverwege', stopAfterChunks: 0 });
  grantId = await delegate(api, alice, bob, { scopes: ['send_on_behalf'], at: clock.now() });
});
afterAll(() => api?.close());

const as = async (user: OnboardedUser) => bearer(await user.token());

describe('messages', () => {
  it('shows a message and its receipt to its recipient, and to no one else by id', async () => {
    const own = await request(api.app).get(`/api/messages/${messageId}`).set(...(await as(bob)));
    expect(own.status).toBe(200);
    expect(own.body.receipt).toEqual(expect.any(String));
    const other = await request(api.app).get(`/api/messages/${messageId}`).set(...(await as(carol)));
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('receipt"');
    expect((await request(api.app).get(`/api/messages/${messageId}/parts/p0/chunks/0`).set(...(await as(carol)))).status).toBe(404);
    const inbox = await request(api.app).get('/api/messages?box=inbox').set(...(await as(carol)));
    expect(JSON.stringify(inbox.body)).not.toContain(messageId);
  });

  it('answers a foreign id and a made-up id alike', async () => {
    const foreign = await request(api.app).get(`/api/messages/${messageId}`).set(...(await as(carol)));
    const madeUp = await request(api.app).get(`/api/messages/${messageId.slice(0, -2)}zz`).set(...(await as(carol)));
    expect({ status: madeUp.status, code: madeUp.body.error.code }).toEqual({ status: foreign.status, code: foreign.body.error.code });
  });

  it('does not show a court filing to a clerk of the court who was not yet given the unit key', async () => {
    expect((await request(api.app).get(`/api/messages/${courtMessageId}`).set(...(await as(clerk)))).status).toBe(200);
    expect((await request(api.app).get(`/api/messages/${courtMessageId}`).set(...(await as(newClerk)))).status).toBe(404);
    expect((await request(api.app).get(`/api/messages/${courtMessageId}/parts/p0/chunks/0`).set(...(await as(newClerk)))).status).toBe(404);
  });

  it('does not let someone else see, fill, commit or recall another sender’s message', async () => {
    const token = await as(carol);
    const before = await domainState(api.database.db);
    const chunk = Buffer.from(pending.chunks![0]!.ciphertext);
    const tries = [
      await request(api.app).get(`/api/messages/${pending.messageId}/upload`).set(...token),
      await request(api.app).put(`/api/messages/${pending.messageId}/parts/p0/chunks/0`).set(...token).set('Content-Type', 'application/octet-stream').send(chunk),
      await request(api.app).post(`/api/messages/${pending.messageId}/commit`).set(...token).send(),
      await request(api.app).post(`/api/messages/${messageId}/recall`).set(...token).send(),
    ];
    expect(tries.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
  });
});

describe('keys, grants and sessions', () => {
  it('does not give a unit’s pending members or key to someone outside the unit, nor let them publish one', async () => {
    const token = await as(carol);
    const before = await domainState(api.database.db);
    const pendingMembers = await request(api.app).get(`/api/organisations/units/${unitId}/pending`).set(...token);
    expect([403, 404]).toContain(pendingMembers.status);
    const publish = await request(api.app)
      .post(`/api/organisations/units/${unitId}/key`)
      .set(...token)
      .send({ version: 2, publicKey: carol.keys.publicKey.armor(), fingerprint: carol.keys.fingerprint, wraps: [{ memberId: 'AAAAAAAAAAAAAAAA', wrapped: 'A'.repeat(200) }] });
    expect([403, 404]).toContain(publish.status);
    const mine = await request(api.app).get('/api/organisations/me').set(...token);
    expect(mine.body.memberships).toEqual([]);
    expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
  });

  it('does not let a stranger accept or revoke someone else’s grant', async () => {
    const token = await as(carol);
    const before = await domainState(api.database.db);
    expect((await request(api.app).post(`/api/delegations/${grantId}/accept`).set(...token).send({})).status).toBe(404);
    expect((await request(api.app).post(`/api/delegations/${grantId}/revoke`).set(...token).send({})).status).toBe(404);
    const listed = await request(api.app).get('/api/delegations').set(...token);
    expect(JSON.stringify(listed.body)).not.toContain(grantId);
    expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
  });

  it('does not let one account end another account’s session', async () => {
    const sessions = await request(api.app).get('/api/sessions').set(...(await as(alice)));
    const aliceSession = (sessions.body.sessions as { id: string }[])[0]!.id;
    const res = await request(api.app).delete(`/api/sessions/${aliceSession}`).set(...(await as(carol)));
    expect(res.status).toBe(404);
    expect((await request(api.app).get('/api/me').set(...(await as(alice)))).status).toBe(200);
  });
});
