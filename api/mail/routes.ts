// Development-only view of the local outbox, so a new user can open the activation mail without an
// SMTP server. Mount only when NODE_ENV is not production and the mailer writes to the outbox: the
// messages hold invitation links, which are as good as a key to someone else's registration.
import { AppError } from '../../shared/errors';
import { defineRoute, type RouteDefinition } from '../http/routes';
import type { Mailer } from './mailer';
import { OUTBOX_ID_PATTERN } from './outbox';

const summaryProperties = {
  id: { type: 'string' },
  time: { type: 'string', format: 'date-time' },
  kind: { type: 'string' },
  to: { type: 'string' },
  subject: { type: 'string' },
} as const;

const summarySchema = { type: 'object', required: ['id', 'time', 'kind', 'to', 'subject'], properties: summaryProperties, additionalProperties: false };

const messageSchema = {
  type: 'object',
  required: ['id', 'time', 'kind', 'from', 'to', 'subject', 'text'],
  properties: { ...summaryProperties, from: { type: 'string' }, text: { type: 'string' }, html: { type: 'string' } },
  additionalProperties: false,
};

const errorSchema = { type: 'object' };

/** The outbox routes, or none when the mailer sends over SMTP (there is nothing local to show). */
export function outboxRoutes(mailer: Mailer): RouteDefinition[] {
  const outbox = mailer.outbox;
  if (mailer.transport !== 'outbox' || outbox === undefined) return [];
  return [
    defineRoute({
      method: 'get',
      path: '/dev/outbox',
      summary: 'Development only: the newest messages in the local mail outbox',
      tags: ['development'],
      responses: {
        200: {
          description: 'Newest first, at most 100',
          schema: { type: 'object', required: ['messages'], properties: { messages: { type: 'array', items: summarySchema } }, additionalProperties: false },
        },
      },
      handler: async (_req, res) => {
        res.json({ messages: await outbox.list({ limit: 100 }) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dev/outbox/:id',
      summary: 'Development only: one message from the local mail outbox, with its text',
      tags: ['development'],
      params: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string', pattern: OUTBOX_ID_PATTERN } },
        additionalProperties: false,
      },
      responses: {
        200: { description: 'The message', schema: messageSchema },
        404: { description: 'No such message', schema: errorSchema },
      },
      handler: async (req, res) => {
        const message = await outbox.read(String(req.params.id));
        if (message === null) throw new AppError('NOT_FOUND');
        res.json(message);
      },
    }),
  ];
}
