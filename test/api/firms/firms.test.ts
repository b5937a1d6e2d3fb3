// Firms and shared mailboxes over HTTP on the real engine: a mailbox is registered only with the code
// sent to it, lawyers add themselves to the mailboxes they use, and the principals the API offers for
// a From address are exactly the ones the rules say — a shared mailbox gives the lawyers who use it
// AND delegated send_on_behalf to the signed-in secretary; a lawyer's own address gives that lawyer.
import request from 'supertest';
import { bearer } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { startDelegationsApi, type DelegationsTestApi } from '../delegations/app';
import { delegate, makeClock, revokeGrant } from '../delegations/helpers';

jest.setTimeout(240_000);

const clock = makeClock('2026-12-09T09:00:00Z');
const MAILBOX = 'secretariaat@advocaten.nl';
let api: DelegationsTestApi;
let manager: OnboardedUser;
let jansen: OnboardedUser;
let dekker: OnboardedUser;
let smit: OnboardedUser;
let secretary: OnboardedUser;
let firmId = '';
let mailboxId = '';
let dekkerRead = '';

const as = async (user: OnboardedUser) => bearer(await user.token());
const codeIn = async (address: string) => /Zegel-venster in: ([0-9A-Z-]+)/.exec((await api.mailTo(address)).filter((m) => m.kind === 'firm.mailbox-code').at(-1)?.text ?? '')?.[1] ?? '';
const principals = async (user: OnboardedUser, from?: string) => {
  const res = await request(api.app).get('/api/delegations/principals').query(from === undefined ? {} : { from }).set(...(await as(user)));
  expect(res.status).toBe(200);
  return res.body as { match: string; suggested: string | null; candidates: { accountId: string }[]; choices: { accountId: string; self: boolean }[] };
};
const ids = (list: { accountId: string }[]) => list.map((p) => p.accountId);

beforeAll(async () => {
  api = await startDelegationsApi({ now: clock.now });
  manager = await onboard(api, { email: 'kantoormanager@advocaten.nl', clock });
  jansen = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  dekker = await onboard(api, { email: 'mr.dekker@advocaten.nl', clock });
  smit = await onboard(api, { email: 'mr.smit@smit-advocatuur.nl', clock });
  secretary = await onboard(api, { email: 's.devries@advocaten.nl', clock });
  await linkBarNumber(api, jansen, 'A11111', 'Mr. Jansen');
  await linkBarNumber(api, dekker, 'A22222', 'Mr. Dekker');
  await linkBarNumber(api, smit, 'A33333', 'Mr. Smit');
});
afterAll(async () => {
  await api?.close();
});

describe('a firm and its members', () => {
  it('makes the creator its administrator, who adds members (told by mail)', async () => {
    const created = await request(api.app).post('/api/firms').set(...(await as(manager))).send({ name: 'Jansen & Dekker Advocaten' });
    expect(created.status).toBe(201);
    firmId = created.body.firmId as string;
    expect(created.body).toMatchObject({ myRole: 'admin', members: [{ accountId: manager.accountId, role: 'admin' }], mailboxes: [] });
    for (const member of [jansen, dekker, secretary]) {
      const added = await request(api.app).post(`/api/firms/${firmId}/members`).set(...(await as(manager))).send({ email: member.email, role: 'member' });
      expect(added.status).toBe(200);
      expect((await api.mailTo(member.email)).map((m) => m.kind)).toContain('firm.member-added');
    }
    // Only an administrator adds members.
    const byMember = await request(api.app).post(`/api/firms/${firmId}/members`).set(...(await as(jansen))).send({ email: smit.email, role: 'admin' });
    expect(byMember.status).toBe(403);
  });

  it('is a tenant of its own: an outsider sees nothing of it', async () => {
    expect((await request(api.app).get(`/api/firms/${firmId}`).set(...(await as(smit)))).status).toBe(404);
    expect((await request(api.app).get('/api/firms').set(...(await as(smit)))).body.firms).toEqual([]);
    expect((await request(api.app).post(`/api/firms/${firmId}/mailboxes`).set(...(await as(smit))).send({ address: MAILBOX })).status).toBe(404);
  });
});

describe('registering a shared mailbox', () => {
  it('is for the administrator only, and sends a code to the mailbox', async () => {
    expect((await request(api.app).post(`/api/firms/${firmId}/mailboxes`).set(...(await as(jansen))).send({ address: MAILBOX })).status).toBe(403);
    const started = await request(api.app).post(`/api/firms/${firmId}/mailboxes`).set(...(await as(manager))).send({ address: MAILBOX });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'pending', texts: { nl: expect.any(String), en: expect.any(String) } });
    mailboxId = started.body.mailboxId as string;
    expect(await codeIn(MAILBOX)).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{2,4}){6}$/);
  });

  it('refuses the registration without the mailbox code', async () => {
    const verify = (user: OnboardedUser, body: object) => as(user).then((auth) => request(api.app).post(`/api/firms/${firmId}/mailboxes/${mailboxId}/verify`).set(...auth).send(body));
    expect((await verify(manager, {})).body.error.code).toBe('VALIDATION_FAILED');
    const wrong = await verify(manager, { code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'MAILBOX_CODE_INVALID', texts: { nl: expect.stringContaining('code'), en: expect.stringContaining('code') } });
    // The right code in the hands of a non-administrator does not do it either.
    expect((await verify(jansen, { code: await codeIn(MAILBOX) })).status).toBe(403);
    // Still pending: nobody can use it, and it resolves to nobody.
    expect((await request(api.app).post(`/api/firms/${firmId}/mailboxes/${mailboxId}/users`).set(...(await as(jansen))).send({})).status).toBe(404);
    expect(await api.firms.mailboxes.mailboxForAddress(MAILBOX)).toBeNull();

    const ok = await verify(manager, { code: (await codeIn(MAILBOX)).toLowerCase() });
    expect(ok.status).toBe(200);
    expect(ok.body.mailboxes).toEqual([expect.objectContaining({ mailboxId, address: MAILBOX, status: 'verified', users: [] })]);
    expect((await api.mailTo(MAILBOX)).map((m) => m.kind)).toContain('firm.mailbox-registered');
    expect((await verify(manager, { code: await codeIn(MAILBOX) })).status).toBe(409);
  });

  it('ends a code after five wrong tries', async () => {
    const other = 'post@advocaten.nl';
    const started = await request(api.app).post(`/api/firms/${firmId}/mailboxes`).set(...(await as(manager))).send({ address: other });
    const id = started.body.mailboxId as string;
    for (let i = 0; i < 5; i += 1) {
      const res = await request(api.app).post(`/api/firms/${firmId}/mailboxes/${id}/verify`).set(...(await as(manager))).send({ code: `AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-${i}0` });
      expect(res.body.error.code).toBe('MAILBOX_CODE_INVALID');
    }
    clock.advance(5);
    const late = await request(api.app).post(`/api/firms/${firmId}/mailboxes/${id}/verify`).set(...(await as(manager))).send({ code: await codeIn(other) });
    expect(late.body.error.code).toBe('MAILBOX_CODE_INVALID');
    expect(await api.firms.mailboxes.mailboxForAddress(other)).toBeNull();
  });

  it('refuses a mailbox another firm registered', async () => {
    const otherFirm = await request(api.app).post('/api/firms').set(...(await as(smit))).send({ name: 'Smit Advocatuur' });
    const res = await request(api.app).post(`/api/firms/${otherFirm.body.firmId as string}/mailboxes`).set(...(await as(smit))).send({ address: MAILBOX });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('MAILBOX_TAKEN');
  });

  it('lets members add only themselves to a mailbox they use', async () => {
    for (const lawyer of [jansen, dekker]) {
      const res = await request(api.app).post(`/api/firms/${firmId}/mailboxes/${mailboxId}/users`).set(...(await as(lawyer))).send({});
      expect(res.status).toBe(200);
      expect(res.body.mailboxes.find((b: { mailboxId: string }) => b.mailboxId === mailboxId).usedByMe).toBe(true);
    }
    expect((await request(api.app).post(`/api/firms/${firmId}/mailboxes/${mailboxId}/users`).set(...(await as(smit))).send({})).status).toBe(404);
    expect((await api.firms.mailboxes.mailboxForAddress(MAILBOX))?.userAccountIds.sort()).toEqual([jansen.accountId, dekker.accountId].sort());
  });
});

describe('which principals a From address gives', () => {
  beforeAll(async () => {
    await delegate(api, jansen, secretary, { scopes: ['send_on_behalf'], at: clock.now() });
    dekkerRead = await delegate(api, dekker, secretary, { scopes: ['read'], at: clock.now() });
    await delegate(api, smit, secretary, { scopes: ['send_on_behalf', 'read'], at: clock.now() });
  });

  it('shared mailbox, secretary: the lawyers who use it AND delegated send_on_behalf to her', async () => {
    const answer = await principals(secretary, MAILBOX);
    expect(answer.match).toBe('shared-mailbox');
    // Dekker uses the mailbox but gave only `read`; Smit gave send_on_behalf but does not use it.
    expect(ids(answer.candidates)).toEqual([jansen.accountId]);
    expect(answer.suggested).toBe(jansen.accountId);
    // The pane can always change the choice: herself first, then everyone she may send for.
    expect(ids(answer.choices)).toEqual([secretary.accountId, jansen.accountId, smit.accountId]);
    expect(answer.choices[0]!.self).toBe(true);
    // Addresses are compared as mail systems do.
    expect(ids((await principals(secretary, 'Secretariaat@Advocaten.NL')).candidates)).toEqual([jansen.accountId]);
  });

  it('own address, lawyer: that lawyer; a lawyer composing from the shared mailbox she uses: herself', async () => {
    const own = await principals(jansen, jansen.email);
    expect(own).toMatchObject({ match: 'own-address', suggested: jansen.accountId });
    expect(ids(own.candidates)).toEqual([jansen.accountId]);
    expect(own.candidates[0]).toMatchObject({ self: true, professional: { number: 'A11111', courtConnectionActive: true } });
    expect(ids((await principals(jansen, MAILBOX)).candidates)).toEqual([jansen.accountId]);
    expect(ids((await principals(smit, MAILBOX)).candidates)).toEqual([]);
  });

  it('a principal’s own address, an unknown address, no address', async () => {
    const inSmitsMailbox = await principals(secretary, smit.email);
    expect(inSmitsMailbox.match).toBe('principal-address');
    expect(ids(inSmitsMailbox.candidates)).toEqual([smit.accountId]);
    // Dekker gave only `read`: his address does not make him a principal to send for.
    expect((await principals(secretary, dekker.email)).match).toBe('unknown-address');
    expect(await principals(secretary, 'info@elders.nl')).toMatchObject({ match: 'unknown-address', candidates: [], suggested: null });
    expect(await principals(secretary)).toMatchObject({ match: 'no-address', candidates: [], suggested: null });
    expect((await principals(secretary, secretary.email)).candidates).toEqual([expect.objectContaining({ accountId: secretary.accountId, self: true })]);
  });

  it('follows grants and mailbox use as they change: two candidates to choose from, then fewer', async () => {
    expect((await revokeGrant(api, dekker, dekkerRead)).status).toBe(200);
    await delegate(api, dekker, secretary, { scopes: ['send_on_behalf', 'read'], at: clock.now() });
    const both = await principals(secretary, MAILBOX);
    expect(ids(both.candidates)).toEqual([dekker.accountId, jansen.accountId]);
    expect(both.suggested).toBeNull();

    expect((await request(api.app).delete(`/api/firms/${firmId}/mailboxes/${mailboxId}/users`).set(...(await as(dekker)))).status).toBe(200);
    expect(ids((await principals(secretary, MAILBOX)).candidates)).toEqual([jansen.accountId]);

    // Leaving the firm takes a lawyer off its mailboxes.
    expect((await request(api.app).delete(`/api/firms/${firmId}/members/${jansen.accountId}`).set(...(await as(manager)))).status).toBe(200);
    expect(await principals(secretary, MAILBOX)).toMatchObject({ match: 'shared-mailbox', candidates: [], suggested: null });
  });

  it('keeps an administrator: the last one cannot leave', async () => {
    const res = await request(api.app).delete(`/api/firms/${firmId}/members/${manager.accountId}`).set(...(await as(manager)));
    expect(res.status).toBe(409);
  });
});
