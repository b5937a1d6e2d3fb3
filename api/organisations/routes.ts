// Clerk endpoints for unit keys: my memberships, pending members to admit, first key and rotation.
import { closedObject, defineRoute, requestIdOf, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import type { Organisations, UnitKeyUpload } from './organisations';

const id = { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' } as const;
const armoredKey = { type: 'string', minLength: 100, maxLength: 20_000, pattern: '^-----BEGIN PGP PUBLIC KEY BLOCK-----' } as const;
const wrappedKey = { type: 'string', minLength: 100, maxLength: 40_000, pattern: '^[A-Za-z0-9_-]+$' } as const;
const fingerprint = { type: 'string', pattern: '^[0-9a-f]{40}$|^[0-9a-f]{64}$' } as const;

export function organisationRoutes(organisations: Organisations): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/organisations/me',
      auth: 'full',
      summary: 'Units I am a member of, with their keys wrapped to me, each with the public key of the clerk who wrapped it (to verify the wrap)',
      tags: ['organisations'],
      responses: { 200: { description: 'Memberships' } },
      handler: async (_req, res) => {
        res.json({ memberships: await organisations.myMemberships(caller(res).accountId) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/organisations/units/:unitId/pending',
      auth: 'full',
      summary: 'Members waiting for a clerk to wrap the unit key to them',
      tags: ['organisations'],
      params: closedObject({ unitId: id }, ['unitId']),
      responses: { 200: { description: 'Pending members with their public keys' } },
      handler: async (req, res) => {
        res.json({ pending: await organisations.pendingMembers({ unitId: String(req.params.unitId), accountId: caller(res).accountId }) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations/units/:unitId/key',
      auth: 'full',
      summary: 'Publish the unit key made in this client (first key or rotation), wrapped to every member who keeps access',
      tags: ['organisations'],
      params: closedObject({ unitId: id }, ['unitId']),
      body: closedObject(
        {
          version: { type: 'integer', minimum: 1, maximum: 1_000_000 },
          publicKey: armoredKey,
          fingerprint,
          wraps: { type: 'array', minItems: 1, maxItems: 500, items: closedObject({ memberId: id, wrapped: wrappedKey }, ['memberId', 'wrapped']) },
        },
        ['version', 'publicKey', 'fingerprint', 'wraps'],
      ),
      responses: { 200: { description: 'Key published' } },
      handler: async (req, res) => {
        res.json(await organisations.setUnitKey({ unitId: String(req.params.unitId), accountId: caller(res).accountId, upload: req.body as UnitKeyUpload, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations/units/:unitId/members/:memberId/admit',
      auth: 'full',
      summary: 'Admit a pending member with the current unit key wrapped to them',
      tags: ['organisations'],
      params: closedObject({ unitId: id, memberId: id }, ['unitId', 'memberId']),
      body: closedObject({ version: { type: 'integer', minimum: 1 }, wrapped: wrappedKey }, ['version', 'wrapped']),
      responses: { 200: { description: 'Admitted' } },
      handler: async (req, res) => {
        const body = req.body as { version: number; wrapped: string };
        res.json(await organisations.admit({ unitId: String(req.params.unitId), memberId: String(req.params.memberId), accountId: caller(res).accountId, ...body, requestId: requestIdOf(res) }));
      },
    }),
  ];
}
