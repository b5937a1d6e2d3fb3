// Message endpoints: create (idempotent), upload chunks (binary, resumable), commit with receipt,
// list, read, fetch chunks (streamed), recall, and the receipt keys (JWKS).
import { pipeline } from 'node:stream/promises';
import { closedObject, defineRoute, requestIdOf, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import type { CreateMessageInput, MessageLimits, Messages } from './messages';

const id = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } as const;
const partId = { type: 'string', pattern: '^p[0-9]{1,3}$' } as const;
const index = { type: 'string', pattern: '^[0-9]{1,6}$' } as const;

const createSchema = closedObject(
  {
    idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{22,64}$' },
    principalAccountId: id,
    inReplyTo: id,
    recipients: { type: 'array', minItems: 1, maxItems: 50, items: closedObject({ address: { type: 'string', format: 'email', maxLength: 254 }, guest: { type: 'boolean' } }, ['address']) },
    parts: {
      type: 'array',
      minItems: 2,
      maxItems: 52,
      items: closedObject({ partId, role: { type: 'string', enum: ['subject', 'body', 'manifest', 'attachment'] }, chunkCount: { type: 'integer', minimum: 1, maximum: 100_000 } }, ['partId', 'role', 'chunkCount']),
    },
  },
  ['idempotencyKey', 'recipients', 'parts'],
);

export function messageRoutes(deps: { messages: Messages; limits: MessageLimits; jwks: () => Promise<unknown> }): RouteDefinition[] {
  const { messages, limits } = deps;
  const chunkParams = closedObject({ messageId: id, partId, index }, ['messageId', 'partId', 'index']);
  return [
    defineRoute({
      method: 'post',
      path: '/api/messages',
      auth: 'full',
      summary: 'Start a secure message (idempotent: the same key returns the first result)',
      tags: ['messages'],
      body: createSchema,
      responses: { 201: { description: 'Started' }, 200: { description: 'Already started with this idempotency key' } },
      handler: async (req, res) => {
        const result = await messages.create({ actorAccountId: caller(res).accountId, body: req.body as CreateMessageInput, requestId: requestIdOf(res) });
        res.status(result.uploaded.length === 0 && result.status === 'uploading' ? 201 : 200).json(result);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/messages/:messageId/parts/:partId/chunks/:index',
      auth: 'full',
      summary: 'Upload one chunk: an OpenPGP binary message (encrypted session keys, then encrypted data)',
      tags: ['messages'],
      params: chunkParams,
      binaryBody: { maxBytes: limits.maxChunkBytes },
      responses: { 200: { description: 'Stored (or already stored with the same bytes)' } },
      handler: async (req, res) => {
        const body = req.body as Buffer;
        res.json(await messages.putChunk({ actorAccountId: caller(res).accountId, messageId: String(req.params.messageId), partId: String(req.params.partId), index: Number(req.params.index), data: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/messages/:messageId/upload',
      auth: 'full',
      summary: 'Which chunks are stored (to resume an interrupted upload)',
      tags: ['messages'],
      params: closedObject({ messageId: id }, ['messageId']),
      responses: { 200: { description: 'Upload state' } },
      handler: async (req, res) => {
        res.json(await messages.uploadStatus({ actorAccountId: caller(res).accountId, messageId: String(req.params.messageId) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/messages/:messageId/commit',
      auth: 'full',
      summary: 'Make the message visible, atomically, and get its signed receipt',
      tags: ['messages'],
      params: closedObject({ messageId: id }, ['messageId']),
      responses: { 200: { description: 'Committed; the receipt is a JWS' } },
      handler: async (req, res) => {
        res.json(await messages.commit({ actorAccountId: caller(res).accountId, messageId: String(req.params.messageId), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/messages',
      auth: 'full',
      summary: 'List messages: my inbox, what I sent (or was sent for me), or a unit’s inbox',
      tags: ['messages'],
      query: closedObject({ box: { type: 'string', enum: ['inbox', 'sent', 'unit'] }, unitId: id, principal: id, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } }, ['box']),
      responses: { 200: { description: 'Messages, newest first (metadata only)' }, 403: { description: 'No read scope for that principal' } },
      handler: async (req, res) => {
        const q = req.query as { box: 'inbox' | 'sent' | 'unit'; unitId?: string; principal?: string; limit?: string };
        res.json({
          messages: await messages.list({
            accountId: caller(res).accountId,
            box: q.box,
            ...(q.unitId ? { unitId: q.unitId } : {}),
            ...(q.principal ? { principalAccountId: q.principal } : {}),
            limit: Math.min(Number(q.limit ?? 50), 200),
            requestId: requestIdOf(res),
          }),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/messages/:messageId',
      auth: 'full',
      summary: 'One message’s metadata, per-recipient status and receipt',
      tags: ['messages'],
      params: closedObject({ messageId: id }, ['messageId']),
      responses: { 200: { description: 'Message' } },
      handler: async (req, res) => {
        res.json(await messages.get({ accountId: caller(res).accountId, messageId: String(req.params.messageId) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/messages/:messageId/parts/:partId/chunks/:index',
      auth: 'full',
      summary: 'Fetch one ciphertext chunk (streamed); a recipient’s first fetch of the body or an attachment marks the message opened (the manifest and subject do not)',
      tags: ['messages'],
      params: chunkParams,
      responses: { 200: { description: 'The chunk', contentType: 'application/octet-stream', schema: { type: 'string', format: 'binary' } } },
      handler: async (req, res) => {
        const chunk = await messages.openChunk({ accountId: caller(res).accountId, messageId: String(req.params.messageId), partId: String(req.params.partId), index: Number(req.params.index), requestId: requestIdOf(res) });
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(chunk.size));
        res.setHeader('X-Chunk-Sha256', chunk.sha256);
        await pipeline(chunk.stream, res);
        await chunk.markOpened();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/messages/:messageId/recall',
      auth: 'full',
      summary: 'Recall a message nobody opened yet (never a court filing); a tombstone with the receipt stays',
      tags: ['messages'],
      params: closedObject({ messageId: id }, ['messageId']),
      responses: { 200: { description: 'Recalled' } },
      handler: async (req, res) => {
        res.json(await messages.recall({ accountId: caller(res).accountId, messageId: String(req.params.messageId), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/receipts/jwks.json',
      summary: 'Public keys that sign receipts, current and past',
      tags: ['messages'],
      responses: { 200: { description: 'JWKS' } },
      handler: async (_req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.json(await deps.jwks());
      },
    }),
  ];
}
