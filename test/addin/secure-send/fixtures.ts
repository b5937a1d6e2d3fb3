// Test material for Secure send: PDFs made with pdf-lib (good, cut off, without pages) and one crafted
// by hand with an /Encrypt dictionary in its trailer; v6 keys for people and a court unit; and a fake
// API that behaves like api/messages (idempotent create, OpenPGP-only chunks, commit with a receipt
// signed by a real Ed25519 key, guest access stored per address as api/guests stores it, and the
// public guest side the guest reader talks to) and records every call.
import { createHash } from 'node:crypto';
import * as openpgp from 'openpgp';
import { PDFDocument } from 'pdf-lib';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { checkCiphertextChunk } from '../../../shared/crypto/ciphertext-check';
import { sha256Hex } from '../../../shared/crypto/sha256';
import { isCourtAddress } from '../../../shared/court/recipients';
import { normalisePhoneNumber } from '../../../api/two-factor/phone';
import { GuestApiError, type GuestApi, type GuestOpenAnswer } from '../../../addin/guest/types';
import { loadGuestCrypto, type GuestCrypto } from '../../../addin/guest/crypto-loader';
import { deriveGuestKeys } from '../../../shared/crypto/guest-access';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import type { GuestAccessRequest, SenderKeys, StoredGuestAccess } from '../../../addin/secure-send/types';
import {
  NO_DELEGATIONS,
  SecureSendApiError,
  type CreatedMessage,
  type CreateMessageRequest,
  type DirectoryEntry,
  type PrincipalInfo,
  type PrincipalsAnswer,
  type ProfessionalStatusView,
  type SecureSendApi,
  type UploadChunkInput,
} from '../../../addin/secure-send/types';

// ---- PDFs -------------------------------------------------------------------------------------

export async function goodPdf(text = 'Conclusie van antwoord', pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([300, 300]).drawText(`${text} ${i + 1}`, { x: 20, y: 150, size: 12 });
  return doc.save({ useObjectStreams: false });
}

/** A PDF cut off half-way, as an interrupted download leaves it. */
export async function truncatedPdf(): Promise<Uint8Array> {
  const bytes = await goodPdf();
  return bytes.slice(0, Math.floor(bytes.length / 2));
}

export async function pdfWithoutPages(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  return doc.save({ addDefaultPage: false });
}

/** A minimal PDF whose trailer names an /Encrypt dictionary (Standard handler, RC4 40-bit): "password-protected". */
export function encryptedPdf(): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${'6f'.repeat(32)}> /U <${'75'.repeat(32)}> /P -44 >>`,
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}

// ---- Keys -------------------------------------------------------------------------------------

export interface TestKey {
  privateKey: openpgp.PrivateKey;
  publicKey: openpgp.PublicKey;
  armored: string;
  fingerprint: string;
}

export async function testKey(name?: string): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: name ? [{ name }] : [], config: { v6Keys: true, aeadProtect: true }, format: 'object' });
  return { privateKey, publicKey, armored: publicKey.armor(), fingerprint: publicKey.getFingerprint().toLowerCase() };
}

export function senderKeys(accountId: string, key: TestKey): SenderKeys {
  return { accountId, privateKey: key.privateKey, publicKey: key.publicKey, fingerprint: key.fingerprint };
}

export function unitEntry(address: string, key: TestKey): DirectoryEntry {
  return { address, kind: 'unit', unitId: 'unit-griffie', unitName: 'Griffie', keyVersion: 1, publicKey: key.armored, fingerprint: key.fingerprint };
}

export function accountEntry(address: string, key: TestKey): DirectoryEntry {
  return { address, kind: 'account', publicKey: key.armored, fingerprint: key.fingerprint };
}

export function principalInfo(options: { accountId: string; email: string; self: boolean; key?: TestKey; number?: string | null; active?: boolean }): PrincipalInfo {
  return {
    accountId: options.accountId,
    email: options.email,
    self: options.self,
    professional: { number: options.number ?? null, kind: options.number ? 'lawyer' : null, courtConnectionActive: options.active ?? Boolean(options.number) },
    publicKey: options.key?.armored ?? null,
    fingerprint: options.key?.fingerprint ?? null,
  };
}

export function memoryFingerprints(initial: Record<string, string> = {}) {
  const seen = new Map(Object.entries(initial));
  return { get: (address: string) => seen.get(address), set: (address: string, fingerprint: string) => void seen.set(address, fingerprint), seen };
}

// ---- The fake API -------------------------------------------------------------------------------

export const ISSUER = 'https://zegel.test';

/** One guest's access as api/guests keeps it: the hash of the verifier, never the verifier. */
export interface StoredGuest {
  guestId: string;
  messageId: string;
  address: string;
  verifierHash: string;
  upload: Omit<GuestAccessRequest, 'verifier' | 'mobile'>;
  phone: string | null;
  status: 'pending' | 'active';
  tokens: Set<string>;
}

interface StoredMessage {
  messageId: string;
  request: CreateMessageRequest;
  principalAccountId: string;
  status: 'uploading' | 'committed';
  chunks: Map<string, { bytes: Uint8Array; sha256: string }>;
  receipt: string | null;
}

export interface FakeServerOptions {
  actorAccountId: string;
  directory: DirectoryEntry[];
  principals?: PrincipalsAnswer | 'not-found';
  professional?: ProfessionalStatusView;
  /** Professional numbers the "server" knows, per account (for receipts of court mail). */
  numbers?: Record<string, string>;
  /** The sender's armored public key, as the guest side hands it out to check the signature. */
  senderPublicKey?: string;
}

export type FakeApi = { [K in keyof SecureSendApi]: jest.Mock<ReturnType<SecureSendApi[K]>, Parameters<SecureSendApi[K]>> };

export interface FakeServer {
  api: FakeApi;
  messages: Map<string, StoredMessage>;
  jwks: { keys: JWK[] };
  /** Every chunk PUT that reached the server, in order (also those refused by a fault). */
  puts: { messageId: string; partId: string; index: number }[];
  /** While set, a PUT for which it returns true fails as a network failure. */
  failUpload: ((input: UploadChunkInput) => boolean) | null;
  /** Guest access by guest id, as api/guests stores it (one per message and address). */
  guests: Map<string, StoredGuest>;
  /** While set, a guest-access POST fails as a network failure: 'before' it was stored, or 'after' (the answer is lost). */
  failStoreGuests: (() => 'before' | 'after' | null) | null;
  /** The public guest side (meta, open, chunks) for the guest reader's flow; SMS codes are always `SMS_CODE`. */
  guestApi: GuestApi;
}

export const SMS_CODE = '246810';

/** Runs `make` as an API call would: its value or its throw, as a promise. */
function settle<T>(make: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(make()));
}

export const ACTIVE_STATUS: ProfessionalStatusView = { active: true, linked: true, number: 'A12345', kind: 'lawyer', problems: [] };

export async function fakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = 'receipt-test-1';
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'EdDSA', use: 'sig' }] };
  const messages = new Map<string, StoredMessage>();
  const byKey = new Map<string, string>();
  let next = 1;
  const guests = new Map<string, StoredGuest>();
  const server: FakeServer = { api: undefined as unknown as FakeApi, messages, jwks, puts: [], failUpload: null, guests, failStoreGuests: null, guestApi: undefined as unknown as GuestApi };
  const find = (messageId: string) => {
    const message = messages.get(messageId);
    if (!message) throw new SecureSendApiError({ code: 'NOT_FOUND', status: 404 });
    return message;
  };
  const describe = (m: StoredMessage): CreatedMessage => ({ messageId: m.messageId, status: m.status, uploaded: [...m.chunks.keys()].map((k) => ({ partId: k.split('/')[0] ?? '', index: Number(k.split('/')[1]) })), receipt: m.receipt });

  const impl: SecureSendApi = {
    lookupKeys: (addresses) =>
      settle(() => addresses.map((address): DirectoryEntry => options.directory.find((e) => e.address === address.toLowerCase()) ?? { address: address.toLowerCase(), kind: 'none' })),
    // As http.ts answers a 404: the user holds no delegations.
    principals: () => settle(() => (options.principals === 'not-found' || options.principals === undefined ? NO_DELEGATIONS : options.principals)),
    professionalStatus: () => settle(() => options.professional ?? ACTIVE_STATUS),
    createMessage: (request) => settle(() => {
      const existing = byKey.get(request.idempotencyKey);
      // A message swept as an abandoned upload takes its idempotency key with it.
      if (existing && messages.has(existing)) {
        const m = find(existing);
        if (JSON.stringify(m.request) !== JSON.stringify(request)) throw new SecureSendApiError({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
        return describe(m);
      }
      for (const r of request.recipients) {
        const entry = options.directory.find((e) => e.address === r.address);
        // As api/messages: a court address or an organisation unit is never a guest.
        if (r.guest === true && (isCourtAddress(r.address) || entry?.kind === 'unit')) throw new SecureSendApiError({ code: 'VALIDATION_FAILED', status: 400 });
        if (r.guest !== true && (!entry || entry.kind === 'none')) throw new SecureSendApiError({ code: 'RECIPIENT_WITHOUT_KEY', status: 400 });
      }
      const messageId = `msg${String(next++).padStart(6, '0')}`;
      const message: StoredMessage = { messageId, request: structuredClone(request), principalAccountId: request.principalAccountId ?? options.actorAccountId, status: 'uploading', chunks: new Map(), receipt: null };
      messages.set(messageId, message);
      byKey.set(request.idempotencyKey, messageId);
      return describe(message);
    }),
    async uploadChunk(input) {
      server.puts.push({ messageId: input.messageId, partId: input.partId, index: input.index });
      if (server.failUpload?.(input)) throw new SecureSendApiError({ code: 'NETWORK', status: 0 });
      const m = find(input.messageId);
      const part = m.request.parts.find((p) => p.partId === input.partId);
      if (!part || input.index >= part.chunkCount) throw new SecureSendApiError({ code: 'NOT_FOUND', status: 404 });
      const sha256 = await sha256Hex(input.ciphertext);
      const key = `${input.partId}/${input.index}`;
      const have = m.chunks.get(key);
      if (have) {
        if (have.sha256 !== sha256) throw new SecureSendApiError({ code: 'CONFLICT', status: 409 });
        return { sha256, stored: false };
      }
      if (!checkCiphertextChunk(input.ciphertext).ok) throw new SecureSendApiError({ code: 'NOT_OPENPGP_CIPHERTEXT', status: 400 });
      m.chunks.set(key, { bytes: new Uint8Array(input.ciphertext), sha256 });
      input.onProgress?.(input.ciphertext.length, input.ciphertext.length);
      return { sha256, stored: true };
    },
    uploadStatus: (messageId) =>
      settle(() => {
        const m = find(messageId);
        return { messageId, status: m.status, parts: m.request.parts, uploaded: [...m.chunks.entries()].map(([k, c]) => ({ partId: k.split('/')[0] ?? '', index: Number(k.split('/')[1]), sha256: c.sha256 })) };
      }),
    storeGuestAccess: (messageId, input) =>
      settle(() => {
        const failure = server.failStoreGuests?.() ?? null;
        if (failure === 'before') throw new SecureSendApiError({ code: 'NETWORK', status: 0 });
        const m = find(messageId);
        if (m.status !== 'uploading') throw new SecureSendApiError({ code: 'CONFLICT', status: 409 });
        const guestAddresses = new Set(m.request.recipients.filter((r) => r.guest === true).map((r) => r.address));
        const docs: StoredGuest[] = input.map(({ verifier, mobile, ...upload }) => {
          const address = upload.address.trim().toLowerCase();
          if (!guestAddresses.has(address)) throw new SecureSendApiError({ code: 'VALIDATION_FAILED', status: 400 });
          const phone = mobile === undefined ? null : normalisePhoneNumber(mobile);
          if (phone && !phone.ok) throw new SecureSendApiError({ code: 'PHONE_INVALID', status: 400 });
          const taken = guests.get(upload.guestId);
          if (taken && (taken.messageId !== messageId || taken.address !== address)) throw new SecureSendApiError({ code: 'CONFLICT', status: 409 });
          return { guestId: upload.guestId, messageId, address, verifierHash: createHash('sha256').update(verifier).digest('hex'), upload, phone: phone?.ok ? phone.e164 : null, status: 'pending', tokens: new Set() };
        });
        // As api/guests: what was stored for the address is replaced.
        for (const doc of docs) {
          for (const [id, g] of guests) if (g.messageId === messageId && g.address === doc.address) guests.delete(id);
          guests.set(doc.guestId, doc);
        }
        if (failure === 'after') throw new SecureSendApiError({ code: 'NETWORK', status: 0 });
        return { guests: docs.map((d): StoredGuestAccess => ({ guestId: d.guestId, address: d.address, expiresInDays: 28, smsGate: d.phone !== null })) };
      }),
    async commit(messageId) {
      const m = find(messageId);
      if (m.status === 'committed' && m.receipt) return { messageId, receipt: m.receipt };
      for (const p of m.request.parts) for (let i = 0; i < p.chunkCount; i++) if (!m.chunks.has(`${p.partId}/${i}`)) throw new SecureSendApiError({ code: 'UPLOAD_INCOMPLETE', status: 409 });
      const stored = [...guests.values()].filter((g) => g.messageId === messageId);
      for (const r of m.request.recipients) if (r.guest === true && !stored.some((g) => g.address === r.address)) throw new SecureSendApiError({ code: 'UPLOAD_INCOMPLETE', status: 409 });
      for (const g of stored) g.status = 'active';
      const toCourt = m.request.recipients.some((r) => r.address.endsWith('@rechtspraak.nl'));
      const number = toCourt ? (options.numbers?.[m.principalAccountId] ?? null) : null;
      const manifestPart = m.request.parts.find((p) => p.role === 'manifest');
      const chunks = [...m.chunks.entries()].map(([k, c]) => ({ partId: k.split('/')[0] ?? '', index: Number(k.split('/')[1]), sha256: c.sha256, size: c.bytes.length }));
      const at = new Date();
      m.receipt = await new SignJWT({
        messageId,
        jti: messageId,
        serverTime: at.toISOString(),
        principal: { accountId: m.principalAccountId, professionalNumber: number, kind: number ? 'lawyer' : null },
        actor: { accountId: options.actorAccountId },
        recipients: m.request.recipients.map((r) => r.address),
        chunks,
        manifestHash: m.chunks.get(`${manifestPart?.partId}/0`)?.sha256 ?? '',
      })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'zegel-receipt+jwt', kid })
        .setIssuer(ISSUER)
        .setIssuedAt(Math.floor(at.getTime() / 1000))
        .sign(pair.privateKey);
      m.status = 'committed';
      return { messageId, receipt: m.receipt };
    },
    receiptKeys: () => settle(() => structuredClone(jwks)),
  };
  const api = {} as Record<string, jest.Mock>;
  for (const [name, fn] of Object.entries(impl)) api[name] = jest.fn(fn as (...args: unknown[]) => unknown);
  server.api = api as unknown as FakeApi;
  server.guestApi = fakeGuestApi(server, options.senderPublicKey ?? null);
  return server;
}

// ---- The guest side of the fake --------------------------------------------------------------------

/** The guest reader's real crypto, with the test KDF profile standing in for production cost (only the floor differs). */
export async function guestReaderCrypto(): Promise<GuestCrypto> {
  const real = await loadGuestCrypto();
  return { ...real, deriveGuestKeys: (options) => deriveGuestKeys({ ...options, floor: TEST_KDF_PARAMS }) };
}

/** As api/guests answers a guest: only committed messages, the verifier's hash compared, a token for chunks. */
function fakeGuestApi(server: FakeServer, senderPublicKey: string | null): GuestApi {
  const refuse = (code: string, status: number) => new GuestApiError({ code, status });
  const active = (guestId: string) => {
    const guest = server.guests.get(guestId);
    const message = guest ? server.messages.get(guest.messageId) : undefined;
    if (!guest || guest.status !== 'active' || message?.status !== 'committed') throw refuse('NOT_FOUND', 404);
    return { guest, message };
  };
  const sender = { address: null, publicKey: senderPublicKey, fingerprint: null };
  return {
    meta: (guestId) => settle(() => {
      const { guest } = active(guestId);
      return { guestId, state: 'open' as const, kdfParams: guest.upload.kdfParams, smsGate: guest.phone !== null, expiresAt: null };
    }),
    open: (guestId, input) => settle((): GuestOpenAnswer => {
      const { guest, message } = active(guestId);
      if (createHash('sha256').update(input.verifier).digest('hex') !== guest.verifierHash) throw refuse('GUEST_ACCESS_INVALID', 401);
      if (guest.phone !== null) {
        if (input.smsCode === undefined) return { next: 'sms', phoneLast2: guest.phone.slice(-2), smsExpiresAt: new Date().toISOString() };
        if (input.smsCode !== SMS_CODE) throw refuse('SMS_CODE_INVALID', 401);
      }
      const token = `token-${guest.tokens.size}-${guestId}`;
      guest.tokens.add(token);
      return {
        next: 'read',
        token,
        tokenExpiresAt: new Date().toISOString(),
        messageId: message.messageId,
        committedAt: null,
        expiresAt: null,
        wrappedKey: guest.upload.wrappedKey,
        parts: message.request.parts,
        receipt: message.receipt,
        sender,
        replyTo: [sender],
      };
    }),
    resendSms: () => Promise.reject(refuse('NOT_FOUND', 404)),
    fetchChunk: (guestId, token, partId, index) => settle(() => {
      const { guest, message } = active(guestId);
      if (!guest.tokens.has(token)) throw refuse('GUEST_ACCESS_INVALID', 401);
      const chunk = message.chunks.get(`${partId}/${index}`);
      if (!chunk) throw refuse('NOT_FOUND', 404);
      return new Uint8Array(chunk.bytes);
    }),
    createReply: () => Promise.reject(refuse('NOT_FOUND', 404)),
    putReplyChunk: () => Promise.reject(refuse('NOT_FOUND', 404)),
    commitReply: () => Promise.reject(refuse('NOT_FOUND', 404)),
  };
}
