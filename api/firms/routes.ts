// Firm endpoints: make a firm, see my firms, add and remove members (administrator), register a shared
// mailbox with the code sent to it (administrator), and say which mailboxes I use. Thin.
import { closedObject, defineRoute, requestIdOf, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import type { Firms } from './firms';
import type { FirmRole } from './repository';

const id = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } as const;
const email = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
const firmName = { type: 'string', minLength: 2, maxLength: 120, pattern: '^[^\\u0000-\\u001f\\u007f]+$' } as const;
const firmParams = closedObject({ firmId: id }, ['firmId']);
const mailboxParams = closedObject({ firmId: id, mailboxId: id }, ['firmId', 'mailboxId']);

export function firmRoutes(firms: Firms): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/firms',
      auth: 'full',
      summary: 'Start a firm (law office); the caller becomes its administrator',
      tags: ['firms'],
      body: closedObject({ name: firmName }, ['name']),
      responses: { 201: { description: 'The firm' } },
      handler: async (req, res) => {
        res.status(201).json(await firms.create({ caller: caller(res), name: (req.body as { name: string }).name, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/firms',
      auth: 'full',
      summary: 'The firms I belong to, with members and shared mailboxes',
      tags: ['firms'],
      responses: { 200: { description: 'firms' } },
      handler: async (_req, res) => {
        res.json({ firms: await firms.mine(caller(res).accountId) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/firms/:firmId',
      auth: 'full',
      summary: 'One of my firms',
      tags: ['firms'],
      params: firmParams,
      responses: { 200: { description: 'The firm' } },
      handler: async (req, res) => {
        res.json(await firms.view({ accountId: caller(res).accountId, firmId: String(req.params.firmId) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/firms/:firmId/members',
      auth: 'full',
      summary: 'Add an existing account to the firm (administrator)',
      tags: ['firms'],
      params: firmParams,
      body: closedObject({ email, role: { type: 'string', enum: ['admin', 'member'] } }, ['email', 'role']),
      responses: { 200: { description: 'The firm' } },
      handler: async (req, res) => {
        const body = req.body as { email: string; role: FirmRole };
        res.json(await firms.addMember({ caller: caller(res), firmId: String(req.params.firmId), email: body.email, role: body.role, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/firms/:firmId/members/:accountId',
      auth: 'full',
      summary: 'Remove a member (administrator) or leave the firm (oneself)',
      tags: ['firms'],
      params: closedObject({ firmId: id, accountId: id }, ['firmId', 'accountId']),
      responses: { 200: { description: 'Removed' } },
      handler: async (req, res) => {
        res.json(await firms.removeMember({ caller: caller(res), firmId: String(req.params.firmId), accountId: String(req.params.accountId), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/firms/:firmId/mailboxes',
      auth: 'full',
      summary: 'Register a shared mailbox (administrator): a code is sent to that mailbox',
      tags: ['firms'],
      params: firmParams,
      body: closedObject({ address: email }, ['address']),
      responses: { 202: { description: 'Code sent to the mailbox' }, 409: { description: 'MAILBOX_TAKEN' } },
      handler: async (req, res) => {
        res.status(202).json(await firms.registerMailbox({ caller: caller(res), firmId: String(req.params.firmId), address: (req.body as { address: string }).address, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/firms/:firmId/mailboxes/:mailboxId/verify',
      auth: 'full',
      summary: 'Finish registering a shared mailbox with the code sent to it (administrator)',
      tags: ['firms'],
      params: mailboxParams,
      body: closedObject({ code: { type: 'string', minLength: 20, maxLength: 40 } }, ['code']),
      responses: { 200: { description: 'The firm' }, 400: { description: 'MAILBOX_CODE_INVALID' } },
      handler: async (req, res) => {
        res.json(await firms.verifyMailbox({ caller: caller(res), firmId: String(req.params.firmId), mailboxId: String(req.params.mailboxId), code: (req.body as { code: string }).code, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/firms/:firmId/mailboxes/:mailboxId/users',
      auth: 'full',
      summary: 'I use this shared mailbox (adds only the caller)',
      tags: ['firms'],
      params: mailboxParams,
      responses: { 200: { description: 'The firm' } },
      handler: async (req, res) => {
        res.json(await firms.useMailbox({ caller: caller(res), firmId: String(req.params.firmId), mailboxId: String(req.params.mailboxId), use: true, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/firms/:firmId/mailboxes/:mailboxId/users',
      auth: 'full',
      summary: 'I no longer use this shared mailbox (removes only the caller)',
      tags: ['firms'],
      params: mailboxParams,
      responses: { 200: { description: 'The firm' } },
      handler: async (req, res) => {
        res.json(await firms.useMailbox({ caller: caller(res), firmId: String(req.params.firmId), mailboxId: String(req.params.mailboxId), use: false, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/firms/:firmId/mailboxes/:mailboxId',
      auth: 'full',
      summary: 'Remove a shared mailbox (administrator)',
      tags: ['firms'],
      params: mailboxParams,
      responses: { 200: { description: 'Removed' } },
      handler: async (req, res) => {
        res.json(await firms.removeMailbox({ caller: caller(res), firmId: String(req.params.firmId), mailboxId: String(req.params.mailboxId), requestId: requestIdOf(res) }));
      },
    }),
  ];
}
