// The heart of the product over HTTP on the real engine: a lawyer sends a PDF to the court; clerks
// read it byte-identical; the receipt verifies offline; the server saw no plaintext and no file name.
import { EJSON } from 'bson';
import request from 'supertest';
import * as openpgp from 'openpgp';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { sendSecure, readSecure } from '../../helpers/messaging';
import { organisationsRepository } from '../../../api/organisations/repository';
import { createUnitKey, wrapUnitKeyFor, unwrapUnitKey } from '../../../shared/crypto/organisation-keys';
import { verifyReceipt, checkPlaintextAgainstManifest } from '../../../shared/crypto/receipt';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runReceiptVerify } from '../../../api/messages/receipt-verify-cli';

jest.setTimeout(180_000);

let api: TestApi;
let now = new Date('2026-11-28T09:00:00Z');
const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
let lawyer: OnboardedUser;
let clerkA: OnboardedUser;
let clerkB: OnboardedUser;
let unitId = '';
let unitKeyV1: Awaited<ReturnType<typeof createUnitKey>>;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const FILE_NAME = 'conclusie-van-antwoord-Jansen.pdf';
const SUBJECT = 'Zaaknummer C/13/712345 – conclusie van antwoord';
const BODY = 'Geachte griffie, hierbij de conclusie van antwoord in de zaak Jansen/De Vries.';

async function memberships(user: OnboardedUser) {
  const res = await request(api.app).get('/api/organisations/me').set(...bearer(await user.token()));
  return res.body.memberships as { unitId: string; memberId: string; key: { version: number } | null; wrappedKeys: { version: number; wrapped: string }[] }[];
}

beforeAll(async () => {
  api = await startTestApi({ now: clock.now });
  lawyer = await onboard(api, { email: 'mr.jansen@advocaten.nl', clock });
  clerkA = await onboard(api, { email: 'griffier.a@rechtspraak.nl', clock });
  clerkB = await onboard(api, { email: 'griffier.b@rechtspraak.nl', clock });
  // The administrator's part: membership records only (as `npm run org` does).
  const orgs = organisationsRepository(api.database.db, api.database.durable);
  await orgs.upsertOrganisation({ id: 'rechtspraak', name: 'De Rechtspraak', domains: ['rechtspraak.nl'] });
  const unit = await orgs.addUnit({ orgId: 'rechtspraak', name: 'Griffie', addresses: ['griffie@rechtspraak.nl'], isDefault: true });
  unitId = unit._id;
  await orgs.addMember({ unitId, accountId: clerkA.accountId, role: 'clerk-admin' });
  // Clerk A's client makes the unit key and wraps it to her own account key.
  const [me] = await memberships(clerkA).then(async (m) => (m.length ? m : [{ memberId: (await orgs.findMember(unitId, clerkA.accountId))!._id }]));
  unitKeyV1 = await createUnitKey({ unitName: 'Griffie' });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKeyV1.privateKey, memberPublicKey: clerkA.keys.publicKey, signingKey: clerkA.keys.privateKey });
  const published = await request(api.app)
    .post(`/api/organisations/units/${unitId}/key`)
    .set(...bearer(await clerkA.token()))
    .send({ version: 1, publicKey: unitKeyV1.armoredPublicKey, fingerprint: unitKeyV1.fingerprint, wraps: [{ memberId: me!.memberId, wrapped: wrap.wrapped }] });
  expect(published.status).toBe(200);
});
afterAll(async () => {
  await api?.close();
});

describe('sending to the court', () => {
  it('refuses a lawyer without a linked BAR number with a stable code', async () => {
    const res = await sendSecure(api, lawyer, { to: ['griffie@rechtspraak.nl'], subject: SUBJECT, body: BODY });
    expect(res.created.status).toBe(403);
    expect(res.created.body.error.code).toBe('COURT_CONNECTION_REQUIRED');
  });

  let messageId = '';
  let receipt = '';

  it('sends a message with a PDF and returns a receipt that verifies offline', async () => {
    await linkBarNumber(api, lawyer, 'A12345', 'Mr. P. Jansen');
    const sent = await sendSecure(api, lawyer, { to: ['griffie@rechtspraak.nl'], subject: SUBJECT, body: BODY, attachments: [{ name: FILE_NAME, type: 'application/pdf', data: new Uint8Array(PDF) }] });
    expect(sent.commit?.status).toBe(200);
    messageId = sent.messageId!;
    receipt = sent.commit!.body.receipt as string;
    const jwks = (await request(api.app).get('/api/receipts/jwks.json')).body as { keys: [] };
    const payload = await verifyReceipt({ jws: receipt, jwks, issuer: api.config.publicBaseUrl.origin, now });
    expect(payload).toEqual(
      expect.objectContaining({
        messageId,
        principal: { accountId: lawyer.accountId, professionalNumber: 'A12345', kind: 'lawyer' },
        actor: { accountId: lawyer.accountId },
        recipients: ['griffie@rechtspraak.nl'],
        manifestHash: sent.outgoing.summary().manifestHash,
      }),
    );
    expect(payload.chunks.map((c) => c.sha256).sort()).toEqual(sent.outgoing.summary().chunks.map((c) => c.sha256).sort());
  });

  it('lets the clerk decrypt subject, body and PDF byte-identical, and the plaintext matches the manifest', async () => {
    const list = await request(api.app).get(`/api/messages?box=unit&unitId=${unitId}`).set(...bearer(await clerkA.token()));
    expect(list.body.messages).toEqual([expect.objectContaining({ messageId, toCourt: true, principal: expect.objectContaining({ professionalNumber: 'A12345' }) })]);
    const [membership] = await memberships(clerkA);
    const unitKey = await unwrapUnitKey({ wrapped: membership!.wrappedKeys[0]!.wrapped, memberPrivateKey: clerkA.keys.privateKey, expectedSigners: [clerkA.keys.publicKey] });
    const { opened, meta } = await readSecure(api, clerkA, messageId, [unitKey.privateKey], [lawyer.keys.publicKey]);
    expect(await opened.readText('subject')).toBe(SUBJECT);
    expect(await opened.readText('body')).toBe(BODY);
    expect(opened.attachments.map((a) => a.name)).toEqual([FILE_NAME]);
    const pdf = await opened.readPartBytes(opened.attachments[0]!.partId);
    expect(Buffer.from(pdf).equals(PDF)).toBe(true);
    const parts = [];
    for (const part of opened.manifest.parts) parts.push({ partId: part.partId, plaintextSha256: crypto.createHash('sha256').update(await opened.readPartBytes(part.partId)).digest('hex') });
    const check = checkPlaintextAgainstManifest({ manifest: opened.manifest, parts });
    expect(check).toEqual({ ok: true });
    expect((meta.recipients as { openedAt: string | null }[])[0]!.openedAt).toBeNull();
    const after = await request(api.app).get(`/api/messages/${messageId}`).set(...bearer(await lawyer.token()));
    expect(after.body.recipients[0].openedAt).toEqual(expect.any(String));
  });

  it('stores none of the plaintext and no file name', async () => {
    let dump = '';
    for (const c of await api.database.db.listCollections().toArray()) {
      const docs = await api.database.db.collection(c.name).find().toArray();
      dump += EJSON.stringify(docs, { relaxed: false });
      // GridFS chunk data as raw text too.
      for (const d of docs) if (d.data?.buffer) dump += Buffer.from(d.data.buffer as Uint8Array).toString('latin1');
    }
    for (const secret of [FILE_NAME, 'conclusie-van-antwoord', 'C/13/712345', 'Jansen/De Vries', '%PDF-1.4']) expect({ secret, found: dump.includes(secret) }).toEqual({ secret, found: false });
  });

  it('verifies offline with `npm run receipt:verify`, also the decrypted parts against the manifest', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-receipt-'));
    try {
      const jwks = (await request(api.app).get('/api/receipts/jwks.json')).body as unknown;
      fs.writeFileSync(path.join(dir, 'receipt.json'), JSON.stringify({ receipt }));
      fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(jwks));
      const [membership] = await memberships(clerkA);
      const unitKey = await unwrapUnitKey({ wrapped: membership!.wrappedKeys[0]!.wrapped, memberPrivateKey: clerkA.keys.privateKey, expectedSigners: [clerkA.keys.publicKey] });
      const { opened } = await readSecure(api, clerkA, messageId, [unitKey.privateKey], [lawyer.keys.publicKey]);
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(opened.manifest));
      const pdfPart = opened.attachments[0]!.partId;
      fs.writeFileSync(path.join(dir, 'filing.pdf'), PDF);
      const tsx = path.join(__dirname, '../../../node_modules/.bin/tsx');
      const cli = path.join(__dirname, '../../../api/messages/receipt-verify-cli.ts');
      const ok = execFileSync(tsx, [cli, path.join(dir, 'receipt.json'), '--jwks', path.join(dir, 'jwks.json')], { encoding: 'utf8' });
      expect(ok).toContain(`receipt valid: message ${messageId}`);
      expect(ok).toContain('lawyer A12345');

      const lines: string[] = [];
      const partsOk = await runReceiptVerify([path.join(dir, 'receipt.json'), '--jwks', path.join(dir, 'jwks.json'), '--manifest', path.join(dir, 'manifest.json'), ...opened.manifest.parts.flatMap((p) => (p.partId === pdfPart ? ['--part', `${p.partId}=${path.join(dir, 'filing.pdf')}`] : []))], (l) => lines.push(l));
      expect({ partsOk, lines }).toEqual({ partsOk: 1, lines: expect.arrayContaining([expect.stringContaining('missing')]) });
      fs.writeFileSync(path.join(dir, 'subject.txt'), SUBJECT);
      fs.writeFileSync(path.join(dir, 'body.txt'), BODY);
      const all = await runReceiptVerify([path.join(dir, 'receipt.json'), '--jwks', path.join(dir, 'jwks.json'), '--manifest', path.join(dir, 'manifest.json'), '--part', `p0=${path.join(dir, 'subject.txt')}`, '--part', `p1=${path.join(dir, 'body.txt')}`, '--part', `${pdfPart}=${path.join(dir, 'filing.pdf')}`], () => undefined);
      expect(all).toBe(0);

      const [h, p, sig] = receipt.split('.');
      const forged = JSON.parse(Buffer.from(p!, 'base64url').toString()) as { recipients: string[] };
      forged.recipients = ['iemand@anders.nl'];
      fs.writeFileSync(path.join(dir, 'forged.json'), JSON.stringify({ receipt: `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}` }));
      expect(await runReceiptVerify([path.join(dir, 'forged.json'), '--jwks', path.join(dir, 'jwks.json')], () => undefined)).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to recall a court filing', async () => {
    const res = await request(api.app).post(`/api/messages/${messageId}/recall`).set(...bearer(await lawyer.token())).send();
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('RECALL_NOT_ALLOWED');
  });

  // Someone else asking for the message by id: test/security/object-access.test.ts.
});

describe('clerks joining and leaving', () => {
  it('lets a second clerk read only after an existing clerk’s client wrapped the key to her', async () => {
    const orgs = organisationsRepository(api.database.db, api.database.durable);
    await orgs.addMember({ unitId, accountId: clerkB.accountId, role: 'clerk' });
    expect(await memberships(clerkB)).toEqual([]);
    const pending = await request(api.app).get(`/api/organisations/units/${unitId}/pending`).set(...bearer(await clerkA.token()));
    expect(pending.body.pending).toEqual([expect.objectContaining({ accountId: clerkB.accountId })]);
    const newcomer = pending.body.pending[0] as { memberId: string; publicKey: string };
    const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKeyV1.privateKey, memberPublicKey: newcomer.publicKey, signingKey: clerkA.keys.privateKey });
    const admitted = await request(api.app).post(`/api/organisations/units/${unitId}/members/${newcomer.memberId}/admit`).set(...bearer(await clerkA.token())).send({ version: 1, wrapped: wrap.wrapped });
    expect(admitted.status).toBe(200);
    const [membership] = await memberships(clerkB);
    const unitKey = await unwrapUnitKey({ wrapped: membership!.wrappedKeys[0]!.wrapped, memberPrivateKey: clerkB.keys.privateKey, expectedSigners: [clerkA.keys.publicKey] });
    const list = await request(api.app).get(`/api/messages?box=unit&unitId=${unitId}`).set(...bearer(await clerkB.token()));
    const { opened } = await readSecure(api, clerkB, list.body.messages[0].messageId as string, [unitKey.privateKey], [lawyer.keys.publicKey]);
    expect(await opened.readText('subject')).toBe(SUBJECT);
  });

  it('keeps a removed clerk out of mail sent after the rotation', async () => {
    const orgs = organisationsRepository(api.database.db, api.database.durable);
    await orgs.removeMember(unitId, clerkB.accountId);
    await orgs.requireRotation(unitId);
    // Clerk A's client rotates: a new unit key, wrapped to every remaining member.
    const [me] = await memberships(clerkA);
    const v2 = await createUnitKey({ unitName: 'Griffie' });
    const wrap = await wrapUnitKeyFor({ unitPrivateKey: v2.privateKey, memberPublicKey: clerkA.keys.publicKey, signingKey: clerkA.keys.privateKey });
    const rotated = await request(api.app).post(`/api/organisations/units/${unitId}/key`).set(...bearer(await clerkA.token())).send({ version: 2, publicKey: v2.armoredPublicKey, fingerprint: v2.fingerprint, wraps: [{ memberId: me!.memberId, wrapped: wrap.wrapped }] });
    expect(rotated.status).toBe(200);

    const sent = await sendSecure(api, lawyer, { to: ['griffie@rechtspraak.nl'], subject: 'Na de rotatie', body: 'Nieuw bericht' });
    expect(sent.commit?.status).toBe(200);
    // The server no longer serves it to her, and the old unit key she may have kept cannot open it.
    expect((await request(api.app).get(`/api/messages/${sent.messageId}`).set(...bearer(await clerkB.token()))).status).toBe(404);
    const manifestChunk = sent.chunks!.find((c) => c.partId === sent.outgoing.layout.at(-1)!.partId)!;
    await expect(openpgp.decrypt({ message: await openpgp.readMessage({ binaryMessage: manifestChunk.ciphertext }), decryptionKeys: unitKeyV1.privateKey, format: 'binary' })).rejects.toThrow();
    // Clerk A reads it with the new key.
    const memberA = (await memberships(clerkA))[0]!;
    const keyV2 = await unwrapUnitKey({ wrapped: memberA.wrappedKeys.find((w) => w.version === 2)!.wrapped, memberPrivateKey: clerkA.keys.privateKey, expectedSigners: [clerkA.keys.publicKey] });
    const { opened } = await readSecure(api, clerkA, sent.messageId!, [keyV2.privateKey], [lawyer.keys.publicKey]);
    expect(await opened.readText('subject')).toBe('Na de rotatie');
  });
});
