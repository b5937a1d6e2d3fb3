// Life-cycle endpoints: re-enrolment (public, driven by the mailed links), moving to the register's
// new address and closing the account (logged in, step-up). Thin: parse, call, respond.
import { ENVELOPE_PATTERN } from '../../shared/crypto/envelope';
import { kdfSchema } from '../accounts/routes';
import { defineRoute, type JsonSchema, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import { stepUpTokenSchema } from '../professional/routes';
import type { AddressMove } from './address-move';
import type { CloseAccount } from './close-account';
import type { ReEnrolment, ReEnrolmentKeys } from './re-enrolment';

const email = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
const linkToken = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } as const;
const b64 = (max: number) => ({ type: 'string', pattern: '^[A-Za-z0-9_-]+$', minLength: 16, maxLength: max }) as const;
const envelope = (max: number) => ({ type: 'string', minLength: 40, maxLength: max, pattern: ENVELOPE_PATTERN.source }) as const;
const closed = (properties: Record<string, unknown>, required: string[] = []): JsonSchema => ({ type: 'object', properties, required, additionalProperties: false });
const textsSchema = { type: 'array', items: { type: 'object', properties: { nl: { type: 'string' }, en: { type: 'string' } } } } as const;

/** The same shape as activation's: what the client made, nothing the server could read. */
const reEnrolmentKeysSchema = closed(
  {
    token: linkToken,
    kdf: kdfSchema,
    authValue: b64(64),
    keys: closed(
      {
        publicKey: { type: 'string', minLength: 100, maxLength: 20_000, pattern: '^-----BEGIN PGP PUBLIC KEY BLOCK-----' },
        fingerprint: { type: 'string', pattern: '^[0-9a-f]{40}$|^[0-9a-f]{64}$' },
        wrappedUserKeyByPassword: envelope(2_000),
        encryptedPrivateKey: envelope(20_000),
      },
      ['publicKey', 'fingerprint', 'wrappedUserKeyByPassword', 'encryptedPrivateKey'],
    ),
    recovery: closed({ wrappedUserKeyByRecovery: envelope(2_000), authValue: b64(64) }, ['wrappedUserKeyByRecovery', 'authValue']),
  },
  ['token', 'kdf', 'authValue', 'keys', 'recovery'],
);

export function lifecycleRoutes(deps: { reEnrolment: ReEnrolment; addressMove: AddressMove; closeAccount: CloseAccount }): RouteDefinition[] {
  const { reEnrolment, addressMove, closeAccount } = deps;
  const rid = (res: { locals: Record<string, unknown> }) => res.locals.requestId as string;
  return [
    defineRoute({
      method: 'post',
      path: '/api/re-enrolment',
      summary: 'Password and recovery code both lost: mail a new invitation to the register address (the same answer for every address)',
      tags: ['lifecycle'],
      body: closed({ email }, ['email']),
      responses: { 202: { description: 'Check your mail', schema: { type: 'object', properties: { status: { const: 'check-your-mail' }, texts: textsSchema } } } },
      handler: async (req, res) => {
        res.status(202).json(await reEnrolment.request({ email: (req.body as { email: string }).email, requestId: rid(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/re-enrolment/status',
      summary: 'The mailed link: still in its cooling-off, or ready for new keys (with what starting over means)',
      tags: ['lifecycle'],
      body: closed({ token: linkToken }, ['token']),
      responses: { 200: { description: 'State, times and texts' }, 400: { description: 'RE_ENROLMENT_INVALID' } },
      handler: async (req, res) => {
        res.json(await reEnrolment.view(req.body as { token: string }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/re-enrolment/complete',
      summary: 'After the cooling-off: store new keys, verifier and recovery copy made in the client; sessions end, second factors must be set up again',
      tags: ['lifecycle'],
      body: reEnrolmentKeysSchema,
      responses: { 200: { description: 'Re-enrolled' }, 409: { description: 'RE_ENROLMENT_COOLING_OFF' }, 400: { description: 'RE_ENROLMENT_INVALID' } },
      handler: async (req, res) => {
        res.json(await reEnrolment.complete({ ...(req.body as ReEnrolmentKeys), requestId: rid(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/re-enrolment/cancel',
      summary: 'Cancel a re-enrolment with the cancel link from its mail',
      tags: ['lifecycle'],
      body: closed({ cancelToken: linkToken }, ['cancelToken']),
      responses: { 200: { description: 'Cancelled' }, 400: { description: 'RE_ENROLMENT_INVALID' } },
      handler: async (req, res) => {
        res.json(await reEnrolment.cancelByToken({ cancelToken: (req.body as { cancelToken: string }).cancelToken, requestId: rid(res) }));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/account/lifecycle',
      auth: 'session',
      summary: 'Pending re-enrolment or address move of the logged-in account',
      tags: ['lifecycle'],
      responses: { 200: { description: 'Pending changes' } },
      handler: async (_req, res) => {
        const me = caller(res);
        res.json({ reEnrolment: await reEnrolment.pending(me.accountId), addressMove: await addressMove.pending(me.accountId) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/account/re-enrolment/cancel',
      auth: 'session',
      summary: 'Cancel a pending re-enrolment of this account from a live session',
      tags: ['lifecycle'],
      body: closed({}),
      responses: { 200: { description: 'Whether one was cancelled' } },
      handler: async (_req, res) => {
        res.json(await reEnrolment.cancelByAccount({ accountId: caller(res).accountId, requestId: rid(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/account/address-move',
      auth: 'full',
      summary: "Move the account to the address the register now lists for its number: sends a code there (step-up \"change-email\")",
      tags: ['lifecycle'],
      body: closed({ newEmail: email, stepUpToken: stepUpTokenSchema }, ['newEmail']),
      responses: { 200: { description: 'Code sent' }, 409: { description: 'ADDRESS_MOVE_NOT_ALLOWED, ADDRESS_TAKEN or NUMBER_NOT_LINKED' } },
      handler: async (req, res) => {
        const body = req.body as { newEmail: string; stepUpToken?: string };
        res.json(await addressMove.start({ caller: caller(res), newEmail: body.newEmail, ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: rid(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/account/address-move/confirm',
      auth: 'full',
      summary: 'Finish the move with the code sent to the new address; keys unchanged, link restored',
      tags: ['lifecycle'],
      body: closed({ code: { type: 'string', minLength: 20, maxLength: 40 } }, ['code']),
      responses: { 200: { description: 'Moved' }, 400: { description: 'ADDRESS_MOVE_CODE_INVALID' } },
      handler: async (req, res) => {
        res.json(await addressMove.confirm({ caller: caller(res), code: (req.body as { code: string }).code, requestId: rid(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/account/close',
      auth: 'full',
      summary: 'Close the account (step-up "close-account"): sessions end, number released, keys destroyed on request',
      tags: ['lifecycle'],
      body: closed({ destroyKeys: { type: 'boolean' }, stepUpToken: stepUpTokenSchema }, ['destroyKeys']),
      responses: { 200: { description: 'Closed' } },
      handler: async (req, res) => {
        const body = req.body as { destroyKeys: boolean; stepUpToken?: string };
        res.json(await closeAccount.close({ caller: caller(res), destroyKeys: body.destroyKeys, ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: rid(res) }));
      },
    }),
  ];
}
