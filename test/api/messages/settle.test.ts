// A commit that stops after making the message visible (its request fails, or the process dies) still
// owes the `message.send` audit record, the guests' access and notification, and notices. A retried
// commit answers with the receipt; the settle sweep does the rest, once, and never twice.
// The failure: the audit log's append is swapped, for `message.send` only, for one that fails as the
// driver does when the connection is lost mid-write; everything else is the real API on the real engine
// (which has no collMod to make the server itself refuse one kind of record).
import request from 'supertest';
import { MongoNetworkError } from 'mongodb';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, type OnboardedUser } from '../../helpers/onboarding';
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { MESSAGES_COLLECTION, type MessageDocument } from '../../../api/messages/repository';
import { GUESTS_COLLECTION, type GuestDocument } from '../../../api/guests/repository';
import { SETTLE_AFTER_MS } from '../../../api/messages/messages';
import { readAsGuest, sendToGuests } from '../guests/helpers';

jest.setTimeout(120_000);

let api: TestApi;
let now = new Date('2026-11-30T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let senders = 0;
let lawyer: OnboardedUser;
let append: TestApi['features']['audit']['append'];

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  append = api.features.audit.append;
});

beforeEach(async () => {
  senders += 1;
  lawyer = await onboard(api, { email: `mr.settle.${senders}@advocaten.nl`, clock });
});

afterEach(() => {
  api.features.audit.append = append;
});

afterAll(async () => {
  await api.close();
});

const sweep = (at: Date) => api.features.sweepTasks.find((t) => t.name === 'unsettled-messages')!.sweep(at);
const sendRecords = (messageId: string) => api.database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action: 'message.send', target: messageId }).toArray();
const sentBy = (accountId: string) => api.database.db.collection<MessageDocument>(MESSAGES_COLLECTION).findOne({ senderAccountId: accountId });
const guestMails = async (address: string) => (await api.mailTo(address)).filter((m) => m.kind === 'guest.notification');

/** `message.send` records fail to be written until the real append is put back. */
function refuseSendRecords(): void {
  api.features.audit.append = (event) => (event.action === 'message.send' ? Promise.reject(new MongoNetworkError('connection closed')) : append(event));
}

it('a commit whose audit write failed: the retry returns the receipt, the sweep writes the record, opens guest access and notifies, once', async () => {
  refuseSendRecords();
  const guest = { address: `wederpartij.${senders}@example.nl`, accessCode: 'zaak-0815' };
  await expect(sendToGuests(api, lawyer, { guests: [guest], subject: 'Zaak 0815', body: 'Bijgaand.' })).rejects.toThrow(/^commit: 503/);

  // Visible with its receipt, but nothing after the commit happened.
  const message = (await sentBy(lawyer.accountId))!;
  expect(message.status).toBe('committed');
  expect(message.settle).toEqual({ dueAt: new Date(message.committedAt!.getTime() + SETTLE_AFTER_MS), audited: false });
  const access = await api.database.db.collection<GuestDocument>(GUESTS_COLLECTION).find({ messageId: message._id }).toArray();
  expect(access.map((g) => g.status)).toEqual(['pending']);
  expect(await guestMails(guest.address)).toHaveLength(0);

  api.features.audit.append = append;
  const retried = await request(api.app).post(`/api/messages/${message._id}/commit`).set(...bearer(await lawyer.token())).send();
  expect(retried.status).toBe(200);
  expect(retried.body.receipt).toBe(message.receipt!.jws);
  expect(await sendRecords(message._id)).toHaveLength(0);

  // Within the committing request's own time the sweep leaves it alone.
  expect(await sweep(now)).toBe(0);
  expect(await sweep(new Date(message.settle!.dueAt.getTime()))).toBe(1);

  const records = await sendRecords(message._id);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ actor: lawyer.accountId, outcome: 'success', requestId: null, details: { recipients: 1, toCourt: false, settledBySweep: true } });
  expect((await sentBy(lawyer.accountId))!.settle).toBeNull();
  expect(await guestMails(guest.address)).toHaveLength(1);
  const stored = (await api.database.db.collection<GuestDocument>(GUESTS_COLLECTION).findOne({ messageId: message._id }))!;
  expect(stored.status).toBe('active');

  // Nothing left to do, however late the next sweeps run.
  expect(await sweep(new Date(now.getTime() + 30 * 86_400_000))).toBe(0);
  expect(await sendRecords(message._id)).toHaveLength(1);
  expect(await guestMails(guest.address)).toHaveLength(1);
  // The audit chain is still whole.
  expect(await api.features.audit.verify()).toMatchObject({ ok: true });
});

it('a sweep that stops after the audit record (audited, not settled) does not write it twice and tells only untold guests', async () => {
  const guest = { address: `tweede.${senders}@example.nl`, accessCode: 'zaak-0816' };
  const sent = await sendToGuests(api, lawyer, { guests: [guest], subject: 'Zaak 0816', body: 'Bijgaand.' });
  expect(await sendRecords(sent.messageId)).toHaveLength(1);
  expect((await sentBy(lawyer.accountId))!.settle).toBeNull();
  expect(await guestMails(guest.address)).toHaveLength(1);

  // The state a process leaves when it dies after the record and the guest mail, before clearing `settle`.
  const dueAt = new Date(now.getTime() + SETTLE_AFTER_MS);
  await api.database.db.collection<MessageDocument>(MESSAGES_COLLECTION).updateOne({ _id: sent.messageId }, { $set: { settle: { dueAt, audited: true } } });
  expect(await sweep(dueAt)).toBe(1);
  expect(await sendRecords(sent.messageId)).toHaveLength(1);
  expect(await guestMails(guest.address)).toHaveLength(1);

  const { opened } = await readAsGuest(api, { ...sent.guests[0]!, accessCode: guest.accessCode });
  expect(await opened.readText('subject')).toBe('Zaak 0816');
});

it('a send record stored though its write was reported failed (the answer lost) is not written again by the sweep', async () => {
  // The append reaches the database, then fails as a connection lost before the answer would.
  api.features.audit.append = async (event) => {
    const stored = await append(event);
    if (event.action === 'message.send') throw new MongoNetworkError('connection closed');
    return stored;
  };
  const guest = { address: `derde.${senders}@example.nl`, accessCode: 'zaak-0817' };
  await expect(sendToGuests(api, lawyer, { guests: [guest], subject: 'Zaak 0817', body: 'Bijgaand.' })).rejects.toThrow(/^commit: 503/);
  api.features.audit.append = append;
  const message = (await sentBy(lawyer.accountId))!;
  expect(message.settle).toMatchObject({ audited: false });
  expect(await sendRecords(message._id)).toHaveLength(1);

  expect(await sweep(message.settle!.dueAt)).toBe(1);
  expect(await sendRecords(message._id)).toHaveLength(1);
  expect((await sentBy(lawyer.accountId))!.settle).toBeNull();
  expect(await guestMails(guest.address)).toHaveLength(1);
});
