// Delegation endpoints: look up a delegate, grant (signed by the lawyer's client, step-up), accept,
// revoke, the caller's overview and settings, and the principals the caller may act for. Thin: parse,
// call, respond. Every route acts on the caller's own account or on a grant the caller is party to.
import { DELEGATION_SCOPES } from '../../shared/delegations/scopes';
import type { DelegationGrant } from '../../shared/crypto/grants';
import { closedObject, defineRoute, requestIdOf, type RouteDefinition } from '../http/routes';
import { stepUpTokenSchema } from '../professional/routes';
import { caller } from '../sessions/authenticate';
import type { Delegations } from './delegations';

const id = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } as const;
const email = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,3})?Z$' } as const;

export const grantSchema = closedObject(
  {
    principalAccountId: id,
    delegateAccountId: id,
    delegateFingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    scopes: { type: 'array', minItems: 1, maxItems: DELEGATION_SCOPES.length, uniqueItems: true, items: { type: 'string', enum: [...DELEGATION_SCOPES] } },
    expiresAt: { anyOf: [timestamp, { type: 'null' }] },
    createdAt: timestamp,
  },
  ['principalAccountId', 'delegateAccountId', 'delegateFingerprint', 'scopes', 'expiresAt', 'createdAt'],
);
const signature = { type: 'string', minLength: 100, maxLength: 8192, pattern: '^-----BEGIN PGP SIGNATURE-----' } as const;
const grantIdParams = closedObject({ grantId: id }, ['grantId']);

export function delegationRoutes(delegations: Delegations): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/delegations/delegate-lookup',
      auth: 'full',
      summary: 'A lawyer looks up whom to grant access to: account id and key fingerprint to sign, or what that person must do first',
      tags: ['delegations'],
      body: closedObject({ email }, ['email']),
      responses: { 200: { description: 'The delegate: account id, address, public key, fingerprint' }, 409: { description: 'DELEGATE_NOT_READY (reason, texts)' }, 403: { description: 'COURT_CONNECTION_REQUIRED' } },
      handler: async (req, res) => {
        res.json(await delegations.lookupDelegate({ caller: caller(res), email: (req.body as { email: string }).email, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/delegations',
      auth: 'full',
      summary: 'Grant access (step-up "grant-delegation"): the grant as the lawyer’s client signed it with the lawyer’s key, and the signature',
      tags: ['delegations'],
      body: closedObject({ grant: grantSchema, signature, stepUpToken: stepUpTokenSchema }, ['grant', 'signature']),
      responses: { 201: { description: 'Created; the delegate is told and accepts it' }, 400: { description: 'GRANT_INVALID' }, 409: { description: 'DELEGATE_NOT_READY, DELEGATION_EXISTS' } },
      handler: async (req, res) => {
        const body = req.body as { grant: DelegationGrant; signature: string; stepUpToken?: string };
        res.status(201).json(await delegations.grant({ caller: caller(res), grant: body.grant, signature: body.signature, ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/delegations',
      auth: 'full',
      summary: 'Access I gave and access I hold (live and recent), and my delegation settings',
      tags: ['delegations'],
      responses: { 200: { description: 'given, held, settings' } },
      handler: async (_req, res) => {
        res.json(await delegations.overview(caller(res).accountId));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/delegations/:grantId/accept',
      auth: 'full',
      summary: 'The delegate accepts a grant: from now on it is in force',
      tags: ['delegations'],
      params: grantIdParams,
      responses: { 200: { description: 'Active' }, 409: { description: 'DELEGATION_STATE_INVALID' } },
      handler: async (req, res) => {
        res.json(await delegations.accept({ caller: caller(res), grantId: String(req.params.grantId), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/delegations/:grantId/revoke',
      auth: 'full',
      summary: 'The lawyer revokes, or the delegate gives up, a grant: refused from the next request on',
      tags: ['delegations'],
      params: grantIdParams,
      responses: { 200: { description: 'Revoked' }, 409: { description: 'DELEGATION_STATE_INVALID' } },
      handler: async (req, res) => {
        res.json(await delegations.revoke({ caller: caller(res), grantId: String(req.params.grantId), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/delegations/settings',
      auth: 'full',
      summary: 'My delegation settings: "recipients see only my name", and how I hear of messages sent on my behalf',
      tags: ['delegations'],
      responses: { 200: { description: 'Settings' } },
      handler: async (_req, res) => {
        res.json(await delegations.settings(caller(res).accountId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/delegations/settings',
      auth: 'full',
      summary: 'Change my own delegation settings (display and notices only; never what is signed or in the receipt)',
      tags: ['delegations'],
      body: { type: 'object', minProperties: 1, properties: { showOnlyPrincipalName: { type: 'boolean' }, onBehalfNotice: { type: 'string', enum: ['each', 'daily'] } }, additionalProperties: false },
      responses: { 200: { description: 'Settings' } },
      handler: async (req, res) => {
        const body = req.body as { showOnlyPrincipalName?: boolean; onBehalfNotice?: 'each' | 'daily' };
        res.json(await delegations.updateSettings({ caller: caller(res), ...body, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/delegations/principals',
      auth: 'full',
      summary: 'Whom I may send as, and which of them the From address points to (candidates to confirm, never a decision)',
      tags: ['delegations'],
      query: closedObject({ from: email }),
      responses: { 200: { description: 'from, match, suggested, candidates, choices' } },
      handler: async (req, res) => {
        const q = req.query as { from?: string };
        res.json(await delegations.principals({ accountId: caller(res).accountId, from: q.from ?? null }));
      },
    }),
  ];
}
