// The read scope over HTTP on the real engine: messages to the lawyer are encrypted also to delegates
// holding `read` at that moment — only those whose grant the sending client verified against the
// lawyer's own key — so a grant forged in the database gets nothing, and after revocation new
// messages are no longer readable by the former delegate.
import crypto from 'node:crypto';
import request from 'supertest';
import { bearer } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { readSecure } from '../../helpers/messaging';
import { signGrant } from '../../../shared/crypto/grants';
import { isCryptoError } from '../../../shared/crypto/errors';
import { liveKeyOf, type DelegationDocument } from '../../../api/delegations/repository';
import { AUDIT_COLLECTION } from '../../../api/audit/repository';
import { startDelegationsApi, type DelegationsTestApi } from './app';
import { delegate, grantFor, makeClock, openFromStore, revokeGrant, sendWithReadDelegates } from './helpers';

jest.setTimeout(240_000);

const clock = makeClock('2026-12-08T09:00:00Z');
let api: DelegationsTestApi;
let lawyer: OnboardedUser;
let secretary: OnboardedUser;
let counsel: OnboardedUser;
let intruder: OnboardedUser;
let accomplice: OnboardedUser;
let grantId = '';

const grants = () => api.database.db.collection<DelegationDocument>('delegations');

async function cannotOpen(messageId: string, reader: OnboardedUser): Promise<boolean> {
  try {
    await openFromStore(api, messageId, [reader.keys.privateKey], [counsel.keys.publicKey]);
    return false;
  } catch (err) {
    return isCryptoError(err, 'DECRYPT_FAILED');
  }
}

beforeAll(async () => {
  api = await startDelegationsApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  secretary = await onboard(api, { email: 's.devries@advocaten.nl', clock });
  counsel = await onboard(api, { email: 'mr.pieters@wederpartij.nl', clock });
  intruder = await onboard(api, { email: 'indringer@elders.nl', clock });
  accomplice = await onboard(api, { email: 'handlanger@elders.nl', clock });
  await linkBarNumber(api, lawyer, 'A12345', 'Mr. P. Jansen');
  grantId = await delegate(api, lawyer, secretary, { scopes: ['read'], at: clock.now() });
});
afterAll(async () => {
  await api?.close();
});

describe('the directory and the sending client', () => {
  it('lists the read delegates of a lawyer’s address with the lawyer’s signed grants', async () => {
    const res = await request(api.app).post('/api/directory/lookup').set(...bearer(await counsel.token())).send({ addresses: [lawyer.email, secretary.email] });
    const [forLawyer, forSecretary] = res.body.entries;
    expect(forLawyer.delegates).toEqual([
      { accountId: secretary.accountId, publicKey: expect.stringContaining('BEGIN PGP PUBLIC KEY'), fingerprint: secretary.keys.fingerprint, grant: expect.objectContaining({ principalAccountId: lawyer.accountId, scopes: ['read'] }), signature: expect.stringContaining('BEGIN PGP SIGNATURE'), principalPublicKey: forLawyer.publicKey },
    ]);
    expect(forSecretary.delegates).toEqual([]);
  });

  it('leaves out grants forged in the database: the encrypting client verifies each signature against the lawyer’s key', async () => {
    // Whoever can write the database adds two readers: one with a grant signed by its own key, one
    // with the real grant's signature copied onto a grant naming it.
    const real = (await grants().findOne({ _id: grantId }))!;
    const at = clock.now();
    const forge = async (who: OnboardedUser, signature: string) => {
      const grant = grantFor({ principal: lawyer, delegate: { accountId: who.accountId, fingerprint: who.keys.fingerprint }, scopes: ['read'], at });
      await grants().insertOne({ ...real, _id: crypto.randomBytes(16).toString('base64url'), delegateAccountId: who.accountId, grant, signature: signature || (await signGrant({ principalKey: who.keys.privateKey, grant })), liveKey: liveKeyOf(lawyer.accountId, who.accountId) });
    };
    await forge(intruder, '');
    await forge(accomplice, real.signature);

    const sent = await sendWithReadDelegates(api, counsel, { to: [lawyer.email], subject: 'Voorstel schikking', body: 'Zie bijlage.', now: clock.now() });
    // The server lists all three; the client trusts only the one the lawyer signed.
    expect(sent.entries[0]!.delegates!.map((d) => d.accountId).sort()).toEqual([secretary.accountId, intruder.accountId, accomplice.accountId].sort());
    expect(sent.trustedDelegates).toEqual([secretary.accountId]);
    expect(sent.rejected).toEqual(expect.arrayContaining([{ accountId: intruder.accountId, reason: 'signature-invalid' }, { accountId: accomplice.accountId, reason: 'signature-invalid' }]));

    expect(await openFromStore(api, sent.messageId, [lawyer.keys.privateKey], [counsel.keys.publicKey])).toBe('Voorstel schikking');
    expect(await openFromStore(api, sent.messageId, [secretary.keys.privateKey], [counsel.keys.publicKey])).toBe('Voorstel schikking');
    expect(await cannotOpen(sent.messageId, intruder)).toBe(true);
    expect(await cannotOpen(sent.messageId, accomplice)).toBe(true);
    await grants().deleteMany({ delegateAccountId: { $in: [intruder.accountId, accomplice.accountId] } });
  });
});

describe('a reply to the lawyer, before and after revocation', () => {
  let original = '';
  let reply = '';

  it('lets the read-scope delegate decrypt a reply to the lawyer', async () => {
    const first = await sendWithReadDelegates(api, lawyer, { to: [counsel.email], subject: 'Ingebrekestelling', body: 'Wij stellen uw cliënt in gebreke.', now: clock.now() });
    original = first.messageId;
    const answered = await sendWithReadDelegates(api, counsel, { to: [lawyer.email], subject: 'Re: Ingebrekestelling', body: 'Wij betwisten dit.', inReplyTo: original, now: clock.now() });
    reply = answered.messageId;
    expect(answered.trustedDelegates).toEqual([secretary.accountId]);
    expect(await openFromStore(api, reply, [secretary.keys.privateKey], [counsel.keys.publicKey])).toBe('Re: Ingebrekestelling');
  });

  it('lets the delegate list and fetch the lawyer’s inbox through api/messages, acting for the lawyer', async () => {
    const list = await request(api.app).get('/api/messages').query({ box: 'inbox', principal: lawyer.accountId }).set(...bearer(await secretary.token()));
    expect(list.status).toBe(200);
    expect(list.body.messages.map((m: { messageId: string }) => m.messageId)).toContain(reply);
    const { opened } = await readSecure(api, secretary, reply, [secretary.keys.privateKey], [counsel.keys.publicKey]);
    expect(await opened.readText('body')).toBe('Wij betwisten dit.');
    // The server records the opening once the body's chunk has gone out in full, so just after the
    // client has it: look again for a moment.
    const findOpen = async () => (await api.database.db.collection(AUDIT_COLLECTION).find({ action: 'message.open', target: reply }).toArray()).at(-1);
    let open = await findOpen();
    for (let tries = 0; !open && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      open = await findOpen();
    }
    expect(open).toMatchObject({ actor: secretary.accountId, actingFor: lawyer.accountId });
    // Someone without the read scope gets nothing.
    expect((await request(api.app).get('/api/messages').query({ box: 'inbox', principal: lawyer.accountId }).set(...bearer(await intruder.token()))).status).toBe(403);
    expect((await request(api.app).get(`/api/messages/${reply}`).set(...bearer(await intruder.token()))).status).toBe(404);
  });

  it('after revocation: the directory no longer lists her, a newer reply is not encrypted to her, and the server refuses her', async () => {
    const revoked = await revokeGrant(api, lawyer, grantId);
    expect(revoked.body.state).toBe('revoked');
    const newer = await sendWithReadDelegates(api, counsel, { to: [lawyer.email], subject: 'Re: Re: Ingebrekestelling', body: 'Nieuw voorstel.', inReplyTo: original, now: clock.now() });
    expect(newer.entries[0]!.delegates).toEqual([]);
    expect(newer.trustedDelegates).toEqual([]);
    expect(await cannotOpen(newer.messageId, secretary)).toBe(true);
    expect(await openFromStore(api, newer.messageId, [lawyer.keys.privateKey], [counsel.keys.publicKey])).toBe('Re: Re: Ingebrekestelling');
    expect((await request(api.app).get(`/api/messages/${newer.messageId}`).set(...bearer(await secretary.token()))).status).toBe(404);
    expect((await request(api.app).get(`/api/messages/${newer.messageId}/parts/p0/chunks/0`).set(...bearer(await secretary.token()))).status).toBe(404);
    expect(await api.delegations.check.mayRead({ actorAccountId: secretary.accountId, principalAccountId: lawyer.accountId })).toBe(false);
  });

  it('refuses the former delegate the lawyer’s inbox on the next request', async () => {
    const list = await request(api.app).get('/api/messages').query({ box: 'inbox', principal: lawyer.accountId }).set(...bearer(await secretary.token()));
    expect(list.status).toBe(403);
    expect((await request(api.app).get(`/api/messages/${reply}`).set(...bearer(await secretary.token()))).status).toBe(404);
  });
});
