// Notification e-mail on commit, through the whole API on the real engine: a recipient with an account
// and each clerk of a recipient unit get a mail naming the sender (and the principal when sent on
// behalf) with the link the web app reads (`<origin>/app#message=<id>`), and nothing of the content.
// With a real SMTP server on loopback that refuses mail, the commit still succeeds, the notice stays
// queued on the message, and the sweep task sends it once the server takes mail again.
import request from 'supertest';
import { startTestApi, bearer, type ApiTarget, type TestApi } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { sendSecure } from '../../helpers/messaging';
import { delegate, revokeGrant, sendWithReadDelegates, setUpCourt } from '../delegations/helpers';
import { sinkTarget, startSmtpSink, type SmtpSink } from '../mail/smtp-sink';
import { notifiedMessageId } from '../../../addin/webapp/notification-link';

jest.setTimeout(180_000);

const SUBJECT = 'Zaaknummer C/13/712345 – vertrouwelijk voorstel';
const BODY = 'De cliënt aanvaardt de schikking van EUR 25.000.';
const FILE_NAME = 'schikkingsvoorstel-Jansen.pdf';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

function expectNoContent(text: string) {
  for (const secret of [SUBJECT, 'C/13/712345', 'vertrouwelijk', BODY, 'schikking', FILE_NAME, 'schikkingsvoorstel']) expect(text).not.toContain(secret);
}

describe('with the local outbox', () => {
  let now = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
  const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
  let api: TestApi;
  let lawyer: OnboardedUser;
  let secretary: OnboardedUser;
  let counsel: OnboardedUser;
  let clerk: OnboardedUser;
  const notices = async (who: OnboardedUser) => (await api.mailTo(who.email)).filter((m) => m.kind === 'message.notification');

  beforeAll(async () => {
    api = await startTestApi({ now: clock.now });
    lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
    secretary = await onboard(api, { email: 's.devries@advocaten.nl', clock });
    counsel = await onboard(api, { email: 'mr.pieters@wederpartij.nl', clock });
    clerk = await onboard(api, { email: 'griffier@rechtspraak.nl', clock });
    await setUpCourt(api, clerk);
    await linkBarNumber(api, lawyer, 'A12345', 'Mr. P. Jansen');
    await delegate(api, lawyer, secretary, { scopes: ['send_on_behalf'], at: clock.now() });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('mails a recipient with an account a link to the message, naming the sender and nothing of the content', async () => {
    const sent = await sendSecure(api, lawyer, { to: [counsel.email], subject: SUBJECT, body: BODY, attachments: [{ name: FILE_NAME, type: 'application/pdf', data: new Uint8Array(PDF) }] });
    expect(sent.commit?.status).toBe(200);
    const [mail, ...more] = await notices(counsel);
    expect(more).toEqual([]);
    const origin = api.config.publicBaseUrl.origin;
    expect(mail!.text).toContain(`${origin}/app#message=${sent.messageId}`);
    // The web app's own reader of notification links finds the message in it.
    expect(notifiedMessageId(mail!.text, origin)).toBe(sent.messageId);
    expect(mail!.text).toContain(lawyer.email);
    expect(mail!.text.indexOf('(English below)')).toBe(0);
    expect(mail!.text.indexOf('heeft')).toBeLessThan(mail!.text.indexOf(' sent a secure message'));
    expectNoContent(`${mail!.subject}\n${mail!.text}`);
    // The sender is not told of her own message.
    expect(await notices(lawyer)).toEqual([]);
    // Sent: the message records the notice as sent, once.
    const stored = await api.database.db.collection('messages').findOne({ _id: sent.messageId as never });
    expect(stored?.notices).toEqual([{ accountId: counsel.accountId, delegateOf: null, notifiedAt: expect.any(Date) }]);
  });

  it('names the principal when the message is sent on her behalf, and tells neither of them', async () => {
    const sent = await sendSecure(api, secretary, { to: [counsel.email], subject: SUBJECT, body: BODY, principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
    expect(sent.commit?.status).toBe(200);
    const mail = (await notices(counsel)).find((m) => m.text.includes(`#message=${sent.messageId}`));
    expect(mail?.text).toContain(`${secretary.email} heeft namens ${lawyer.email}`);
    expect(mail?.text).toContain(`on behalf of ${lawyer.email}`);
    expect(await notices(secretary)).toEqual([]);
    expect(await notices(lawyer)).toEqual([]);
  });

  it('names the principal alone once she chose "recipients see only my name"', async () => {
    const put = (showOnlyPrincipalName: boolean) => request(api.app).put('/api/delegations/settings').set(...bearer(token)).send({ showOnlyPrincipalName });
    const token = await lawyer.token();
    expect((await put(true)).status).toBe(200);
    try {
      const sent = await sendSecure(api, secretary, { to: [counsel.email], subject: SUBJECT, body: BODY, principalAccountId: lawyer.accountId, extraKeys: [lawyer.keys.publicKey.armor()] });
      expect(sent.commit?.status).toBe(200);
      const mail = (await notices(counsel)).find((m) => m.text.includes(`#message=${sent.messageId}`));
      expect(mail?.text).toContain(`${lawyer.email} heeft op `);
      expect(mail?.text).not.toContain(secretary.email);
      expect(mail?.text).not.toContain('namens');
      // The receipt still names both: the acting secretary and the principal.
      const receipt = JSON.parse(Buffer.from(String(sent.commit!.body.receipt).split('.')[1]!, 'base64url').toString('utf8')) as { principal: { accountId: string }; actor: { accountId: string } };
      expect(receipt).toMatchObject({ principal: { accountId: lawyer.accountId }, actor: { accountId: secretary.accountId } });
    } finally {
      expect((await put(false)).status).toBe(200);
    }
  });

  it("mails the clerks of a court unit, naming the unit; the lawyer's filing content stays out", async () => {
    const before = (await notices(clerk)).length;
    const sent = await sendSecure(api, lawyer, { to: ['griffie@rechtspraak.nl'], subject: SUBJECT, body: BODY });
    expect(sent.commit?.status).toBe(200);
    const mails = await notices(clerk);
    expect(mails).toHaveLength(before + 1);
    const mail = mails[mails.length - 1]!;
    expect(notifiedMessageId(mail.text, api.config.publicBaseUrl.origin)).toBe(sent.messageId);
    expect(mail.text).toContain('aan Griffie');
    expect(mail.text).toContain(lawyer.email);
    expectNoContent(mail.text);
  });

  it('sends nothing again for a repeated commit or a sweep', async () => {
    const sent = await sendSecure(api, lawyer, { to: [counsel.email], subject: SUBJECT, body: BODY });
    const again = await request(api.app).post(`/api/messages/${sent.messageId}/commit`).set(...bearer(await lawyer.token())).send();
    expect(again.status).toBe(200);
    const sweep = api.features.sweepTasks.find((t) => t.name === 'message-notifications')!;
    expect(await sweep.sweep(clock.now())).toBe(0);
    expect((await notices(counsel)).filter((m) => m.text.includes(`#message=${sent.messageId}`))).toHaveLength(1);
  });

  it("tells a recipient's read-scope delegate whose message it is, while the access lasts", async () => {
    const assistant = await onboard(api, { email: 'a.bakker@wederpartij.nl', clock });
    const sender = await onboard(api, { email: 'b.smit@wederpartij.nl', clock });
    await linkBarNumber(api, counsel, 'A22222', 'Mr. Pieters');
    const grantId = await delegate(api, counsel, assistant, { scopes: ['read'], at: clock.now() });
    await delegate(api, counsel, sender, { scopes: ['send_on_behalf'], at: clock.now() });
    const sent = await sendWithReadDelegates(api, lawyer, { to: [counsel.email], subject: SUBJECT, body: BODY, now: clock.now() });
    expect(sent.trustedDelegates).toEqual([assistant.accountId]);

    const [mail, ...more] = await notices(assistant);
    expect(more).toEqual([]);
    expect(notifiedMessageId(mail!.text, api.config.publicBaseUrl.origin)).toBe(sent.messageId);
    expect(mail!.text).toContain(`${lawyer.email} heeft op `);
    expect(mail!.text).toContain(`een beveiligd bericht gestuurd aan ${counsel.email}.`);
    expect(mail!.text).toContain(`omdat ${counsel.email} u toegang heeft gegeven om zijn of haar berichten te lezen`);
    expect(mail!.text).toContain(`because ${counsel.email} gave you access to read their messages`);
    expectNoContent(mail!.text);
    // The recipient is told as ever, once; the link opens for the delegate, acting for the recipient.
    expect((await notices(counsel)).filter((m) => m.text.includes(`#message=${sent.messageId}`))).toHaveLength(1);
    expect((await request(api.app).get(`/api/messages/${sent.messageId}`).set(...bearer(await assistant.token()))).status).toBe(200);
    // The recipient's delegate who may only send on her behalf hears nothing of mail to her.
    expect(await notices(sender)).toEqual([]);

    expect((await revokeGrant(api, counsel, grantId)).status).toBe(200);
    const later = await sendSecure(api, lawyer, { to: [counsel.email], subject: SUBJECT, body: BODY });
    expect((await notices(assistant)).filter((m) => m.text.includes(`#message=${later.messageId}`))).toEqual([]);

    // A notice to her still pending from before (as when the mail server refused it at commit time) is
    // not sent by the sweep once her access ended.
    const messages = api.database.db.collection<{ _id: string; notices: { accountId: string; delegateOf: string | null; notifiedAt: Date | null }[] }>('messages');
    await messages.updateOne({ _id: sent.messageId, 'notices.accountId': assistant.accountId }, { $set: { 'notices.$.notifiedAt': null } });
    const sweep = api.features.sweepTasks.find((t) => t.name === 'message-notifications')!;
    await sweep.sweep(clock.now());
    expect((await notices(assistant)).filter((m) => m.text.includes(`#message=${sent.messageId}`))).toHaveLength(1);
    expect((await messages.findOne({ _id: sent.messageId }))!.notices.find((n) => n.accountId === assistant.accountId)!.notifiedAt).toEqual(expect.any(Date));
  });
});

describe('with a mail server that refuses mail', () => {
  let now = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
  const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
  let sink: SmtpSink;
  let api: TestApi;
  let target: ApiTarget;
  let alice: OnboardedUser;
  let bob: OnboardedUser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    api = await startTestApi({ env: { SMTP_URL: sink.url }, now: clock.now });
    target = sinkTarget(api.app, sink);
    alice = await onboard(target, { email: 'alice@kantoor.nl', clock });
    bob = await onboard(target, { email: 'bob@elders.nl', clock });
  });
  afterAll(async () => {
    await api?.close();
    await sink?.close();
  });

  it('commits the message all the same, and the sweep sends the notice once the server takes mail', async () => {
    sink.refuseRecipients = true;
    const sent = await sendSecure(target, alice, { to: [bob.email], subject: SUBJECT, body: BODY });
    expect(sent.commit?.status).toBe(200);
    expect(sent.commit?.body.receipt).toEqual(expect.any(String));
    const forBob = () => sink.messages.filter((m) => m.to.includes(bob.email) && m.text.includes('#message='));
    expect(forBob()).toEqual([]);
    // Committed and readable: the refused mail undid nothing.
    const view = await request(api.app).get(`/api/messages/${sent.messageId}`).set(...bearer(await bob.token()));
    expect(view.body).toMatchObject({ status: 'committed', recipients: [{ address: bob.email, deliveredAt: expect.any(String) }] });

    const sweep = api.features.sweepTasks.find((t) => t.name === 'message-notifications');
    if (!sweep) throw new Error('the API has no message notification task');
    expect(await sweep.sweep(clock.now())).toBe(0);
    expect(forBob()).toEqual([]);

    sink.refuseRecipients = false;
    expect(await sweep.sweep(clock.now())).toBe(1);
    expect(forBob()).toHaveLength(1);
    expect(notifiedMessageId(forBob()[0]!.text, api.config.publicBaseUrl.origin)).toBe(sent.messageId);
    expectNoContent(forBob()[0]!.text);
    // Sent once: the next sweep has nothing left.
    expect(await sweep.sweep(clock.now())).toBe(0);
    expect(forBob()).toHaveLength(1);
  });
});
