// Guest endpoints: the sender stores and watches guest access on a message (session required); the
// guest opens, downloads and replies without an account (public, gated by verifier, SMS code and a
// short-lived download token in `Authorization: Guest <token>`).
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { AppError } from '../../shared/errors';
import { closedObject, defineRoute, requestIdOf, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import { GUEST_MAX_DAYS, type GuestAccessInput, type Guests } from './guests';

const messageId = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } as const;
const guestId = { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } as const;
const partId = { type: 'string', pattern: '^p[0-9]{1,3}$' } as const;
const base64url32 = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } as const;
const guestParams = closedObject({ guestId }, ['guestId']);

const kdfParams = closedObject(
  {
    algorithm: { type: 'string', enum: ['argon2id'] },
    memoryKiB: { type: 'integer', minimum: 1, maximum: 1_048_576 },
    iterations: { type: 'integer', minimum: 1, maximum: 32 },
    parallelism: { type: 'integer', minimum: 1, maximum: 16 },
    salt: { type: 'string', pattern: '^[A-Za-z0-9_-]{22,86}$' },
  },
  ['algorithm', 'memoryKiB', 'iterations', 'parallelism', 'salt'],
);

const guestSchema = closedObject(
  {
    guestId,
    address: { type: 'string', format: 'email', maxLength: 254 },
    verifier: base64url32,
    kdfParams,
    wrappedKey: { type: 'string', pattern: '^v1\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$', maxLength: 8192 },
    publicKey: { type: 'string', pattern: '^-----BEGIN PGP PUBLIC KEY BLOCK-----', maxLength: 8192 },
    fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    keyCertificate: { type: 'string', pattern: '^-----BEGIN PGP SIGNATURE-----', maxLength: 8192 },
    mobile: { type: 'string', minLength: 6, maxLength: 32 },
    expiresInDays: { type: 'integer', minimum: 1, maximum: GUEST_MAX_DAYS },
  },
  ['guestId', 'address', 'verifier', 'kdfParams', 'wrappedKey', 'publicKey', 'fingerprint', 'keyCertificate'],
);

/** Reply chunks travel as JSON (base64url), so the guest needs no account session; the client keeps them small. */
export const GUEST_REPLY_CHUNK_MAX_BASE64 = 60_000;

function guestToken(req: Request): string | undefined {
  const match = /^Guest ([A-Za-z0-9_-]{43})$/.exec(req.headers.authorization ?? '');
  return match?.[1];
}

export function guestRoutes(guests: Guests): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/messages/:messageId/guests',
      auth: 'full',
      summary: 'Store access for the guest recipients of a message being sent (verifier, wrapped key, optional mobile number, expiry)',
      tags: ['guests'],
      params: closedObject({ messageId }, ['messageId']),
      body: closedObject({ guests: { type: 'array', minItems: 1, maxItems: 50, items: guestSchema } }, ['guests']),
      responses: { 200: { description: 'Stored; the guests are notified when the message is committed' } },
      handler: async (req, res) => {
        const body = req.body as { guests: GuestAccessInput[] };
        res.json(await guests.register({ actorAccountId: caller(res).accountId, messageId: String(req.params.messageId), guests: body.guests, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/messages/:messageId/guests',
      auth: 'full',
      summary: 'The guests of a message I sent: notified, opened, locked, expiry',
      tags: ['guests'],
      params: closedObject({ messageId }, ['messageId']),
      responses: { 200: { description: 'Guest states' } },
      handler: async (req, res) => {
        res.json(await guests.listForSender({ accountId: caller(res).accountId, messageId: String(req.params.messageId) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/guest-access/:guestId',
      summary: 'What a guest needs before entering the code: KDF parameters, SMS gate, state',
      tags: ['guests'],
      params: guestParams,
      responses: { 200: { description: 'Guest access' }, 404: { description: 'Unknown, not yet sent or recalled' } },
      handler: async (req, res) => {
        res.json(await guests.meta(String(req.params.guestId)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/guest-access/:guestId/open',
      summary: 'Present the verifier (and the SMS code when gated): a download token and the wrapped key',
      tags: ['guests'],
      params: guestParams,
      body: closedObject({ verifier: base64url32, smsCode: { type: 'string', minLength: 1, maxLength: 32 } }, ['verifier']),
      responses: {
        200: { description: '`next: "sms"` (a code was sent) or `next: "read"` with the token and envelope' },
        401: { description: 'GUEST_ACCESS_INVALID or SMS_CODE_INVALID' },
        410: { description: 'GUEST_ACCESS_EXPIRED' },
        423: { description: 'GUEST_ACCESS_LOCKED' },
        429: { description: 'RATE_LIMITED' },
      },
      handler: async (req, res) => {
        const body = req.body as { verifier: string; smsCode?: string };
        res.json(await guests.open({ guestId: String(req.params.guestId), verifier: body.verifier, ...(body.smsCode !== undefined ? { smsCode: body.smsCode } : {}), ip: req.ip ?? '', requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/guest-access/:guestId/sms',
      summary: 'Send the SMS code again (after the verifier; limited)',
      tags: ['guests'],
      params: guestParams,
      body: closedObject({ verifier: base64url32 }, ['verifier']),
      responses: { 200: { description: 'Sent' }, 429: { description: 'RATE_LIMITED' } },
      handler: async (req, res) => {
        res.json(await guests.resendSms({ guestId: String(req.params.guestId), verifier: (req.body as { verifier: string }).verifier, ip: req.ip ?? '', requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/guest-access/:guestId/parts/:partId/chunks/:index',
      summary: 'Fetch one ciphertext chunk as the guest (Authorization: Guest <token>)',
      tags: ['guests'],
      params: closedObject({ guestId, partId, index: { type: 'string', pattern: '^[0-9]{1,6}$' } }, ['guestId', 'partId', 'index']),
      responses: { 200: { description: 'The chunk', contentType: 'application/octet-stream', schema: { type: 'string', format: 'binary' } } },
      handler: async (req, res) => {
        const chunk = await guests.openChunk({ guestId: String(req.params.guestId), token: guestToken(req), partId: String(req.params.partId), index: Number(req.params.index) });
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(chunk.size));
        res.setHeader('X-Chunk-Sha256', chunk.sha256);
        await pipeline(chunk.stream, res);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/guest-access/:guestId/replies',
      summary: 'Start a secure reply to the sender (idempotent), as the guest',
      tags: ['guests'],
      params: guestParams,
      body: closedObject(
        {
          idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{22,64}$' },
          parts: {
            type: 'array',
            minItems: 2,
            maxItems: 52,
            items: closedObject({ partId, role: { type: 'string', enum: ['subject', 'body', 'manifest', 'attachment'] }, chunkCount: { type: 'integer', minimum: 1, maximum: 100_000 } }, ['partId', 'role', 'chunkCount']),
          },
        },
        ['idempotencyKey', 'parts'],
      ),
      responses: { 200: { description: 'Started (or already started with this key)' } },
      handler: async (req, res) => {
        const body = req.body as { idempotencyKey: string; parts: { partId: string; role: 'subject' | 'body' | 'manifest' | 'attachment'; chunkCount: number }[] };
        res.json(await guests.createReply({ guestId: String(req.params.guestId), token: guestToken(req), body, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/guest-access/:guestId/replies/:replyId/chunks',
      summary: 'Upload one reply chunk (OpenPGP binary message, base64url in JSON)',
      tags: ['guests'],
      params: closedObject({ guestId, replyId: messageId }, ['guestId', 'replyId']),
      body: closedObject({ partId, index: { type: 'integer', minimum: 0, maximum: 99_999 }, data: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: GUEST_REPLY_CHUNK_MAX_BASE64 } }, ['partId', 'index', 'data']),
      responses: { 200: { description: 'Stored (or already stored with the same bytes)' } },
      handler: async (req, res) => {
        const body = req.body as { partId: string; index: number; data: string };
        const bytes = Buffer.from(body.data, 'base64url');
        if (bytes.toString('base64url') !== body.data) throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body/data', problem: 'is not base64url' }] });
        res.json(await guests.putReplyChunk({ guestId: String(req.params.guestId), token: guestToken(req), replyId: String(req.params.replyId), partId: body.partId, index: body.index, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/guest-access/:guestId/replies/:replyId/commit',
      summary: 'Send the reply: visible to the sender at once, with a signed receipt',
      tags: ['guests'],
      params: closedObject({ guestId, replyId: messageId }, ['guestId', 'replyId']),
      responses: { 200: { description: 'Committed; the receipt is a JWS' } },
      handler: async (req, res) => {
        res.json(await guests.commitReply({ guestId: String(req.params.guestId), token: guestToken(req), replyId: String(req.params.replyId), requestId: requestIdOf(res) }));
      },
    }),
  ];
}
