// What the delegation tests do the way the add-in does: a lawyer's client looks up the delegate, signs
// the grant with the lawyer's key after a step-up, and the delegate accepts; a sender's client checks
// the read delegates' signed grants before encrypting; a reader decrypts what the server stores.
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type * as openpgp from 'openpgp';
import { request, bearer, type TestApi } from '../../helpers/api';
import { stepUpFor, type OnboardedUser } from '../../helpers/onboarding';
import { lookupKeys } from '../../helpers/messaging';
import { signGrant, type DelegationGrant } from '../../../shared/crypto/grants';
import { encryptMessage, openMessage } from '../../../shared/crypto/messages';
import { trustedReadDelegates, type DirectoryDelegate } from '../../../shared/delegations/directory-trust';
import { messagesRepository, type MessageDocument } from '../../../api/messages/repository';
import { organisationsRepository } from '../../../api/organisations/repository';
import { createUnitKey, wrapUnitKeyFor } from '../../../shared/crypto/organisation-keys';

export function makeClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    advance(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

export type Scope = 'send_on_behalf' | 'read';

/** The grant as the lawyer's client makes it (createdAt from the same clock the server uses). */
export function grantFor(options: { principal: OnboardedUser; delegate: { accountId: string; fingerprint: string }; scopes: Scope[]; expiresAt?: Date | null; at: Date }): DelegationGrant {
  return {
    principalAccountId: options.principal.accountId,
    delegateAccountId: options.delegate.accountId,
    delegateFingerprint: options.delegate.fingerprint,
    scopes: options.scopes,
    expiresAt: options.expiresAt ? options.expiresAt.toISOString() : null,
    createdAt: options.at.toISOString(),
  };
}

/** Lookup, sign with the lawyer's key, step-up, POST. Returns the create response. */
export async function grantAccess(api: TestApi, principal: OnboardedUser, delegate: OnboardedUser, options: { scopes: Scope[]; expiresAt?: Date | null; at: Date }) {
  const lookup = await request(api.app).post('/api/delegations/delegate-lookup').set(...bearer(await principal.token())).send({ email: delegate.email });
  if (lookup.status !== 200) return lookup;
  const grant = grantFor({ principal, delegate: lookup.body as { accountId: string; fingerprint: string }, scopes: options.scopes, expiresAt: options.expiresAt ?? null, at: options.at });
  const signature = await signGrant({ principalKey: principal.keys.privateKey, grant });
  const stepUpToken = await stepUpFor(api, principal, 'grant-delegation');
  return request(api.app).post('/api/delegations').set(...bearer(await principal.token())).send({ grant, signature, stepUpToken });
}

export async function acceptGrant(api: TestApi, delegate: OnboardedUser, grantId: string) {
  return request(api.app).post(`/api/delegations/${grantId}/accept`).set(...bearer(await delegate.token())).send({});
}

/** Grant and accept; fails the test when either step does not succeed. */
export async function delegate(api: TestApi, principal: OnboardedUser, to: OnboardedUser, options: { scopes: Scope[]; expiresAt?: Date | null; at: Date }): Promise<string> {
  const created = await grantAccess(api, principal, to, options);
  if (created.status !== 201) throw new Error(`grant: ${created.status} ${JSON.stringify(created.body)}`);
  const accepted = await acceptGrant(api, to, created.body.grantId as string);
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return created.body.grantId as string;
}

export async function revokeGrant(api: TestApi, by: OnboardedUser, grantId: string) {
  return request(api.app).post(`/api/delegations/${grantId}/revoke`).set(...bearer(await by.token())).send({});
}

/**
 * The sending client: looks up the recipients, keeps only the read delegates whose grants verify
 * against the recipient's own key, encrypts to recipients + those delegates, and sends.
 */
export async function sendWithReadDelegates(api: TestApi, sender: OnboardedUser, options: { to: string[]; subject: string; body: string; inReplyTo?: string; now: Date }) {
  const entries = (await lookupKeys(api, sender, options.to)) as { address: string; publicKey?: string; fingerprint?: string; delegates?: DirectoryDelegate[] }[];
  const keys: string[] = [];
  const trustedDelegates: string[] = [];
  const rejected: { accountId: string; reason: string }[] = [];
  for (const entry of entries) {
    if (!entry.publicKey) throw new Error(`no key for ${entry.address}`);
    keys.push(entry.publicKey);
    const checked = await trustedReadDelegates({ entry, now: options.now });
    for (const d of checked.trusted) {
      keys.push(d.publicKey);
      trustedDelegates.push(d.accountId);
    }
    rejected.push(...checked.rejected);
  }
  const outgoing = await encryptMessage({ subject: options.subject, body: options.body, recipientKeys: keys, senderKey: sender.keys.publicKey, signingKey: sender.keys.privateKey });
  const token = await sender.token();
  const created = await request(api.app)
    .post('/api/messages')
    .set(...bearer(token))
    .send({ idempotencyKey: crypto.randomBytes(18).toString('base64url'), recipients: options.to.map((address) => ({ address })), parts: outgoing.layout, ...(options.inReplyTo ? { inReplyTo: options.inReplyTo } : {}) });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const messageId = created.body.messageId as string;
  for (const part of outgoing.parts) {
    for await (const chunk of part.chunks) {
      const put = await request(api.app).put(`/api/messages/${messageId}/parts/${chunk.partId}/chunks/${chunk.index}`).set(...bearer(token)).set('Content-Type', 'application/octet-stream').send(Buffer.from(chunk.ciphertext));
      if (put.status !== 200) throw new Error(`upload: ${put.status}`);
    }
  }
  const commit = await request(api.app).post(`/api/messages/${messageId}/commit`).set(...bearer(token)).send();
  if (commit.status !== 200) throw new Error(`commit: ${commit.status} ${JSON.stringify(commit.body)}`);
  return { messageId, trustedDelegates, rejected, entries };
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return new Uint8Array(Buffer.concat(pieces));
}

/**
 * Decrypts a stored message straight from the database, as anyone holding a copy of it could try:
 * what a key can open does not depend on what the server lets it fetch.
 */
export async function openFromStore(api: TestApi, messageId: string, decryptionKeys: openpgp.PrivateKey[], expectedSigners: (openpgp.PublicKey | string)[]) {
  const repository = messagesRepository(api.database.db, api.database.durable);
  const message = (await api.database.db.collection<MessageDocument>('messages').findOne({ _id: messageId }))!;
  const opened = await openMessage({ parts: message.parts, fetchChunk: (partId, index) => readAll(repository.readChunk(messageId, partId, index)), decryptionKeys, expectedSigners });
  return opened.readText('subject');
}

/** The Rechtspraak on the platform: one unit (griffie@rechtspraak.nl) whose key the clerk's client made. */
export async function setUpCourt(api: TestApi, clerk: OnboardedUser): Promise<void> {
  const orgs = organisationsRepository(api.database.db, api.database.durable);
  await orgs.upsertOrganisation({ id: 'rechtspraak', name: 'De Rechtspraak', domains: ['rechtspraak.nl'] });
  const unit = await orgs.addUnit({ orgId: 'rechtspraak', name: 'Griffie', addresses: ['griffie@rechtspraak.nl'], isDefault: true });
  const member = await orgs.addMember({ unitId: unit._id, accountId: clerk.accountId, role: 'clerk-admin' });
  const unitKey = await createUnitKey({ unitName: 'Griffie' });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: clerk.keys.publicKey, signingKey: clerk.keys.privateKey });
  const published = await request(api.app)
    .post(`/api/organisations/units/${unit._id}/key`)
    .set(...bearer(await clerk.token()))
    .send({ version: 1, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint, wraps: [{ memberId: member._id, wrapped: wrap.wrapped }] });
  if (published.status !== 200) throw new Error(`unit key: ${published.status}`);
}
