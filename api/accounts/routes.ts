// Account endpoints: register, verify the address, activate with client-made keys, pre-login, login, me.
import { ENVELOPE_PATTERN } from '../../shared/crypto/envelope';
import { defineRoute, type JsonSchema, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import { issuedSessionSchema } from '../sessions/routes';
import type { Accounts, ActivationInput } from './accounts';
import { codeSchema, methodSchema } from '../two-factor/routes';
import type { SecondFactorMethod } from '../two-factor/second-factor';

const challengeToken = { type: 'string', minLength: 40, maxLength: 120, pattern: '^[A-Za-z0-9_.-]+$' } as const;

const email = { type: 'string', format: 'email', minLength: 3, maxLength: 254 } as const;
const b64 = (max: number) => ({ type: 'string', pattern: '^[A-Za-z0-9_-]+$', minLength: 16, maxLength: max }) as const;
const envelope = (max: number) => ({ type: 'string', minLength: 40, maxLength: max, pattern: ENVELOPE_PATTERN.source }) as const;

export const kdfSchema: JsonSchema = {
  type: 'object',
  required: ['algorithm', 'memoryKiB', 'iterations', 'parallelism', 'salt'],
  properties: {
    algorithm: { const: 'argon2id' },
    memoryKiB: { type: 'integer', minimum: 1, maximum: 4 * 1024 * 1024 },
    iterations: { type: 'integer', minimum: 1, maximum: 64 },
    parallelism: { type: 'integer', minimum: 1, maximum: 16 },
    salt: b64(88),
  },
  additionalProperties: false,
};

const activationSchema: JsonSchema = {
  type: 'object',
  required: ['accountId', 'enrolmentToken', 'kdf', 'authValue', 'keys', 'recovery'],
  properties: {
    accountId: b64(64),
    enrolmentToken: b64(64),
    invitationToken: b64(64),
    kdf: kdfSchema,
    authValue: b64(64),
    keys: {
      type: 'object',
      required: ['publicKey', 'fingerprint', 'wrappedUserKeyByPassword', 'encryptedPrivateKey'],
      properties: {
        publicKey: { type: 'string', minLength: 100, maxLength: 20_000, pattern: '^-----BEGIN PGP PUBLIC KEY BLOCK-----' },
        fingerprint: { type: 'string', pattern: '^[0-9a-f]{40}$|^[0-9a-f]{64}$' },
        wrappedUserKeyByPassword: envelope(2_000),
        encryptedPrivateKey: envelope(20_000),
      },
      additionalProperties: false,
    },
    recovery: {
      type: 'object',
      required: ['wrappedUserKeyByRecovery', 'authValue'],
      properties: { wrappedUserKeyByRecovery: envelope(2_000), authValue: b64(64) },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
};

export function accountRoutes(accounts: Accounts): RouteDefinition[] {
  const requestId = (res: { locals: Record<string, unknown> }) => res.locals.requestId as string;
  return [
    defineRoute({
      method: 'post',
      path: '/api/registration',
      summary: 'Start a registration (an invitation link pre-verifies the invited address)',
      tags: ['accounts'],
      body: { type: 'object', required: ['email'], properties: { email, invitationToken: b64(64) }, additionalProperties: false },
      responses: {
        202: { description: 'The same answer for every address: check your mail' },
        200: { description: 'Invitation accepted: continue with activation' },
      },
      handler: async (req, res) => {
        const body = req.body as { email: string; invitationToken?: string };
        const result = await accounts.register({ email: body.email, ...(body.invitationToken ? { invitationToken: body.invitationToken } : {}), requestId: requestId(res) });
        res.status(result.status === 'verified' ? 200 : 202).json(result);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/registration/verify',
      summary: 'Verify the address with the mailed code',
      tags: ['accounts'],
      body: { type: 'object', required: ['email', 'code'], properties: { email, code: { type: 'string', minLength: 20, maxLength: 40 } }, additionalProperties: false },
      responses: { 200: { description: 'Verified: continue with activation' } },
      handler: async (req, res) => {
        const body = req.body as { email: string; code: string };
        res.json(await accounts.verifyAddress({ ...body, requestId: requestId(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/registration/activate',
      summary: 'Activate: store the keys, auth verifier and recovery copy made in the client',
      tags: ['accounts'],
      body: activationSchema,
      responses: { 201: { description: 'Active' } },
      handler: async (req, res) => {
        res.status(201).json(await accounts.activate(req.body as ActivationInput, requestId(res)));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/prelogin',
      summary: 'KDF salt and parameters for an address (same shape for unknown addresses)',
      tags: ['auth'],
      body: { type: 'object', required: ['email'], properties: { email }, additionalProperties: false },
      responses: { 200: { description: 'Parameters', schema: { type: 'object', properties: { kdf: kdfSchema }, required: ['kdf'], additionalProperties: false } } },
      handler: async (req, res) => {
        res.json(await accounts.prelogin(req.body as { email: string }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Password stage of login, with the client-derived auth value',
      tags: ['auth'],
      body: { type: 'object', required: ['email', 'authValue'], properties: { email, authValue: b64(64) }, additionalProperties: false },
      responses: {
        200: {
          description: 'Password accepted; `stage` says what comes next: `setup` (a session that may only set up a second factor) or `second-factor` (an attempt token for the next step)',
          schema: { type: 'object', required: ['stage'], properties: { stage: { type: 'string', enum: ['setup', 'second-factor'] }, session: issuedSessionSchema, attemptToken: { type: 'string' }, methods: { type: 'array', items: { type: 'string' } }, expiresAt: { type: 'string' } } },
        },
      },
      handler: async (req, res) => {
        const body = req.body as { email: string; authValue: string };
        res.json(await accounts.login({ ...body, ip: req.ip ?? '', userAgent: req.headers['user-agent'], requestId: requestId(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/second-factor',
      summary: 'Second stage of login: a code from the app, an SMS or a backup code; returns a full session and the wrapped keys',
      tags: ['auth'],
      body: { type: 'object', required: ['attemptToken', 'method', 'code'], properties: { attemptToken: challengeToken, method: methodSchema, code: codeSchema }, additionalProperties: false },
      responses: { 200: { description: 'Logged in' } },
      handler: async (req, res) => {
        const body = req.body as { attemptToken: string; method: SecondFactorMethod; code: string };
        res.json(await accounts.completeLogin({ ...body, userAgent: req.headers['user-agent'], requestId: requestId(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/second-factor/sms',
      summary: 'Send an SMS code for this login attempt',
      tags: ['auth'],
      body: { type: 'object', required: ['attemptToken'], properties: { attemptToken: challengeToken }, additionalProperties: false },
      responses: { 204: { description: 'Sent' } },
      handler: async (req, res) => {
        await accounts.sendLoginSms(req.body as { attemptToken: string });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/me',
      auth: 'session',
      summary: 'The logged-in account',
      tags: ['accounts'],
      responses: { 200: { description: 'Account' } },
      handler: async (_req, res) => {
        res.json(await accounts.me(caller(res).accountId));
      },
    }),
  ];
}
