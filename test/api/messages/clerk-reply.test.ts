// A clerk's secure reply in a filing's thread, over HTTP on the real engine: the clerk's client (the
// web app's own modules, without React) unwraps the unit key, checks and encrypts the reply to the
// lawyer and to the secretary holding the lawyer's read scope (her grant verified against the
// lawyer's key), signs it with the court unit's key, uploads it chunk by chunk and verifies the
// receipt. The reply lands in the lawyer's inbox in the filing's thread; the lawyer and the secretary
// can each decrypt it with their own key, verified against the court's key; nobody else can.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { lookupKeys, readSecure, sendSecure } from '../../helpers/messaging';
import { delegate, openFromStore, setUpCourt } from '../delegations/helpers';
import { isCryptoError } from '../../../shared/crypto/errors';
import { loadWebAppCrypto } from '../../../addin/webapp/crypto-loader';
import { createWebAppHttpApi } from '../../../addin/webapp/http';
import { unlockUnitKeys } from '../../../addin/webapp/reading';
import { createStreamingSend, runWebPreflight } from '../../../addin/webapp/send-stream';
import { verifyAndMatch } from '../../../addin/secure-send/send-flow';
import type { PrincipalInfo } from '../../../addin/secure-send/types';

jest.setTimeout(180_000);

const GRIFFIE = 'griffie@rechtspraak.nl';
let now = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let api: TestApi;
let server: Server;
let base = '';
let lawyer: OnboardedUser;
let secretary: OnboardedUser;
let clerk: OnboardedUser;
let outsider: OnboardedUser;
let filingId = '';
let replyId = '';

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  secretary = await onboard(api, { email: 's.devries@advocaten.nl', clock });
  clerk = await onboard(api, { email: 'griffier@rechtspraak.nl', clock });
  outsider = await onboard(api, { email: 'iemand@elders.nl', clock });
  await setUpCourt(api, clerk);
  await linkBarNumber(api, lawyer, 'A12345', 'Mr. P. Jansen');
  await delegate(api, lawyer, secretary, { scopes: ['read'], at: clock.now() });
  const filing = await sendSecure(api, lawyer, { to: [GRIFFIE], subject: 'Zaaknummer C/13/712345 – verzoekschrift', body: 'Geachte griffie,' });
  expect(filing.commit?.status).toBe(200);
  filingId = filing.messageId!;
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await api?.close();
});

it("the clerk's reply reaches the lawyer's inbox in the filing's thread", async () => {
  let token: Promise<string> | null = null;
  const http = createWebAppHttpApi({ fetch, baseUrl: base, accessToken: (rejected) => (token && !rejected ? token : (token = clerk.token())) });
  const crypto = await loadWebAppCrypto();
  const keys = { accountId: clerk.accountId, privateKey: clerk.keys.privateKey, publicKey: clerk.keys.publicKey, fingerprint: clerk.keys.fingerprint };
  const memberships = await http.memberships();
  const unit = (await unlockUnitKeys({ crypto, keys, memberships })).get(memberships[0]!.unitId)!;
  expect(unit.current).not.toBeNull();

  const self: PrincipalInfo = { accountId: clerk.accountId, email: clerk.email, self: true, professional: { number: null, kind: null, courtConnectionActive: false }, publicKey: null, fingerprint: null };
  const draft = { recipients: [lawyer.email], subject: 'Re: Zaaknummer C/13/712345 – verzoekschrift', body: 'De zitting is op 12 januari.', files: [], inReplyTo: filingId };
  const memory = new Map<string, string>();
  const { result, delegateKeys } = await runWebPreflight({ api: http, crypto, draft, principal: self, keys, courtKeyPins: [], memory: { get: (a) => memory.get(a), set: (a, f) => void memory.set(a, f) }, now: clock.now() });
  expect(result.blockers).toEqual([]);
  expect(delegateKeys).toEqual([secretary.keys.publicKey.armor()]);

  const send = createStreamingSend({
    api: http,
    crypto,
    keys,
    draft: { ...draft, recipients: result.targets.map((t) => t.address) },
    recipientKeys: [...result.targets.map((t) => t.publicKey), ...delegateKeys, unit.current!.toPublic()],
    principalAccountId: null,
    signingKey: unit.current!,
  });
  const sent = await send.run({ retry: { delaysMs: [], sleep: () => Promise.resolve() } });
  replyId = sent.messageId;
  await verifyAndMatch({ crypto, jws: sent.receipt, jwks: await http.receiptKeys(), issuer: api.config.publicBaseUrl.origin, summary: sent.summary, expect: { messageId: replyId, principalAccountId: clerk.accountId, actorAccountId: clerk.accountId, recipients: [lawyer.email], toCourt: false } });

  const inbox = await request(api.app).get('/api/messages?box=inbox').set(...bearer(await lawyer.token()));
  const listed = (inbox.body.messages as { messageId: string; inReplyTo: string | null; threadId: string; sender: { email: string } }[]).find((m) => m.messageId === replyId);
  const filing = await request(api.app).get(`/api/messages/${filingId}`).set(...bearer(await lawyer.token()));
  expect(listed).toMatchObject({ inReplyTo: filingId, threadId: filing.body.threadId as string, sender: { email: clerk.email } });
});

it('the lawyer decrypts the reply with her own key, signed with the court key the directory lists', async () => {
  const [courtEntry] = await lookupKeys(api, lawyer, [clerk.email]);
  expect(courtEntry).toMatchObject({ kind: 'unit' });
  const { opened } = await readSecure(api, lawyer, replyId, [lawyer.keys.privateKey], [courtEntry!.publicKey!]);
  expect(await opened.readText('body')).toBe('De zitting is op 12 januari.');
  // Not the clerk's own key: the court answers as the court.
  const forged = await readSecure(api, lawyer, replyId, [lawyer.keys.privateKey], [clerk.keys.publicKey]).then(() => null, (e: unknown) => e);
  expect(isCryptoError(forged, 'SIGNATURE_INVALID')).toBe(true);
});

it('the read-scope secretary lists the reply in the lawyer’s inbox and decrypts it with her own key', async () => {
  const list = await request(api.app).get('/api/messages').query({ box: 'inbox', principal: lawyer.accountId }).set(...bearer(await secretary.token()));
  expect(list.status).toBe(200);
  expect((list.body.messages as { messageId: string }[]).map((m) => m.messageId)).toContain(replyId);
  const [courtEntry] = await lookupKeys(api, secretary, [clerk.email]);
  const { opened } = await readSecure(api, secretary, replyId, [secretary.keys.privateKey], [courtEntry!.publicKey!]);
  expect(await opened.readText('subject')).toBe('Re: Zaaknummer C/13/712345 – verzoekschrift');
});

it('nobody else can fetch or decrypt it', async () => {
  expect((await request(api.app).get(`/api/messages/${replyId}`).set(...bearer(await outsider.token()))).status).toBe(404);
  const [courtEntry] = await lookupKeys(api, lawyer, [clerk.email]);
  const refused = await openFromStore(api, replyId, [outsider.keys.privateKey], [courtEntry!.publicKey!]).then(() => null, (e: unknown) => e);
  expect(isCryptoError(refused, 'DECRYPT_FAILED')).toBe(true);
});
