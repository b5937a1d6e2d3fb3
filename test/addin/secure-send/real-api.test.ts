// Secure send's HTTP client and upload flow against the real API, in-process over loopback HTTP on
// the embedded engine: the directory, the court connection, create → chunks → commit, a resumed
// upload after a dropped connection, and a receipt that verifies against the published keys.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { readSecure } from '../../helpers/messaging';
import { organisationsRepository } from '../../../api/organisations/repository';
import { createUnitKey, wrapUnitKeyFor } from '../../../shared/crypto/organisation-keys';
import { createSecureSendHttpApi } from '../../../addin/secure-send/http';
import { loadSendCrypto } from '../../../addin/secure-send/crypto-loader';
import { draftFingerprint, prepareSend, uploadPrepared, verifyAndMatch } from '../../../addin/secure-send/send-flow';
import type { SecureSendApi } from '../../../addin/secure-send/types';
import { goodPdf } from './fixtures';

jest.setTimeout(180_000);

const GRIFFIE = 'griffie@rechtspraak.nl';
let api: TestApi;
let server: Server;
let base = '';
let now = new Date('2026-11-28T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let lawyer: OnboardedUser;
let unitKey: Awaited<ReturnType<typeof createUnitKey>>;

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  const clerk = await onboard(api, { email: 'griffier@rechtspraak.nl', clock });
  const orgs = organisationsRepository(api.database.db, api.database.durable);
  await orgs.upsertOrganisation({ id: 'rechtspraak', name: 'De Rechtspraak', domains: ['rechtspraak.nl'] });
  const unit = await orgs.addUnit({ orgId: 'rechtspraak', name: 'Griffie', addresses: [GRIFFIE], isDefault: true });
  const member = await orgs.addMember({ unitId: unit._id, accountId: clerk.accountId, role: 'clerk-admin' });
  unitKey = await createUnitKey({ unitName: 'Griffie' });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: clerk.keys.publicKey, signingKey: clerk.keys.privateKey });
  const published = await request(api.app)
    .post(`/api/organisations/units/${unit._id}/key`)
    .set(...bearer(await clerk.token()))
    .send({ version: 1, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint, wraps: [{ memberId: member._id, wrapped: wrap.wrapped }] });
  expect(published.status).toBe(200);
  server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await api?.close();
});

/** The client as the pane gets it; `drop` lets a test cut the connection for chosen requests. */
function client(drop: (url: string, init?: RequestInit) => boolean = () => false): SecureSendApi {
  const fetchThrough: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return drop(url, init) ? Promise.reject(new TypeError('network down')) : fetch(input, init);
  };
  return createSecureSendHttpApi({ fetch: fetchThrough, baseUrl: base, accessToken: () => lawyer.token() });
}

it('reads the court key, the court connection and (absent the endpoint) no delegations', async () => {
  const http = client();
  const [entry] = await http.lookupKeys([GRIFFIE]);
  expect(entry).toMatchObject({ address: GRIFFIE, kind: 'unit', fingerprint: unitKey.fingerprint });
  expect((await http.professionalStatus()).active).toBe(false);
  // Until the delegations endpoint exists its 404 reads as "no delegations"; once it does, a lawyer
  // without grants can choose only herself.
  const principals = await http.principals({ from: lawyer.email });
  expect(principals.choices.every((c) => c.self)).toBe(true);
});

it('refuses court mail from a lawyer without a linked number with COURT_CONNECTION_REQUIRED', async () => {
  const crypto = await loadSendCrypto();
  const message = { subject: 'Verzoekschrift', bodyHtml: '<p>Geachte griffie,</p>', attachments: [] };
  const send = { targets: [{ address: GRIFFIE, court: true, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint }], principalKey: null, principalAccountId: null };
  const prepared = await prepareSend({ crypto, keys: { accountId: lawyer.accountId, ...lawyer.keys }, message, send, fingerprint: await draftFingerprint(crypto, { ...message, bodyText: 'Geachte griffie,' }, send) });
  await expect(uploadPrepared({ api: client(), prepared, retry: { delaysMs: [], sleep: () => Promise.resolve() } })).rejects.toMatchObject({ code: 'COURT_CONNECTION_REQUIRED', status: 403 });
});

it('sends to the court, resumes after a dropped chunk, and gets a receipt that matches the upload', async () => {
  await linkBarNumber(api, lawyer, 'A12345', 'Mr. P. Jansen');
  const crypto = await loadSendCrypto();
  const pdf = await goodPdf('Conclusie', 2);
  const message = { subject: 'Conclusie van antwoord', bodyHtml: '<p>Geachte griffie,</p>', attachments: [{ name: 'conclusie.pdf', type: 'application/pdf', data: pdf }] };
  const send = { targets: [{ address: GRIFFIE, court: true, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint }], principalKey: null, principalAccountId: null };
  const prepared = await prepareSend({ crypto, keys: { accountId: lawyer.accountId, ...lawyer.keys }, message, send, fingerprint: await draftFingerprint(crypto, { ...message, bodyText: 'Geachte griffie,' }, send) });
  const noWait = { delaysMs: [0], sleep: () => Promise.resolve() };

  // The attachment's chunk never arrives the first time round.
  const dropping = client((url, init) => init?.method === 'PUT' && url.includes('/parts/p2/'));
  await expect(uploadPrepared({ api: dropping, prepared, retry: noWait })).rejects.toMatchObject({ code: 'NETWORK' });
  const messageId = prepared.messageId!;
  const status = await client().uploadStatus(messageId);
  expect(status.uploaded.map((u) => u.partId).sort()).toEqual(['p0', 'p1']);

  const resumed = await uploadPrepared({ api: client(), prepared, retry: noWait });
  expect(resumed.messageId).toBe(messageId);
  const payload = await verifyAndMatch({
    crypto,
    jws: resumed.receipt,
    jwks: await client().receiptKeys(),
    issuer: api.config.publicBaseUrl.origin,
    summary: prepared.summary,
    expect: { messageId, principalAccountId: lawyer.accountId, actorAccountId: lawyer.accountId, recipients: [GRIFFIE], toCourt: true },
  });
  expect(payload.principal.professionalNumber).toBe('A12345');

  // The lawyer herself can read what she sent (encrypted to her own key too).
  const { opened } = await readSecure(api, lawyer, messageId, [lawyer.keys.privateKey], [lawyer.keys.publicKey]);
  expect(await opened.readText('subject')).toBe('Conclusie van antwoord');
  expect([...(await opened.readPartBytes('p2'))]).toEqual([...pdf]);
});
