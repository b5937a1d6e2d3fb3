// Password change, recovery-code replacement and password reset with the recovery code.
import { closedObject, defineRoute, requestIdOf, type RouteDefinition } from '../http/routes';
import { ENVELOPE_PATTERN } from '../../shared/crypto/envelope';
import { kdfSchema } from '../accounts/routes';
import { caller } from '../sessions/authenticate';
import { codeSchema, methodSchema } from '../two-factor/routes';
import type { SecondFactorMethod } from '../two-factor/second-factor';
import type { Credentials, NewPassword, NewRecovery } from './credentials';

const authValue = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' } as const;
const envelope = { type: 'string', minLength: 40, maxLength: 2_000, pattern: ENVELOPE_PATTERN.source } as const;
const token = { type: 'string', minLength: 40, maxLength: 120, pattern: '^[A-Za-z0-9_.-]+$' } as const;
const newPassword = closedObject({ kdf: kdfSchema, authValue, wrappedUserKeyByPassword: envelope }, ['kdf', 'authValue', 'wrappedUserKeyByPassword']);
const newRecovery = closedObject({ wrappedUserKeyByRecovery: envelope, authValue }, ['wrappedUserKeyByRecovery', 'authValue']);

export function credentialRoutes(credentials: Credentials): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/account/password',
      auth: 'full',
      summary: 'Change the password (step-up with the current password); other sessions end',
      tags: ['credentials'],
      body: closedObject({ stepUpToken: token, password: newPassword }, ['password']),
      responses: { 204: { description: 'Changed' } },
      handler: async (req, res) => {
        const body = req.body as { stepUpToken?: string; password: NewPassword };
        await credentials.changePassword({ caller: caller(res), password: body.password, ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: requestIdOf(res) });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/account/recovery-code',
      auth: 'full',
      summary: 'Replace the recovery code with one made in the client (step-up)',
      tags: ['credentials'],
      body: closedObject({ stepUpToken: token, recovery: newRecovery }, ['recovery']),
      responses: { 200: { description: 'Replaced' } },
      handler: async (req, res) => {
        const body = req.body as { stepUpToken?: string; recovery: NewRecovery };
        res.json(await credentials.replaceRecoveryCode({ caller: caller(res), recovery: body.recovery, ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/recovery/start',
      summary: 'Forgotten password, step 1: the recovery code’s auth value',
      tags: ['recovery'],
      body: closedObject({ email: { type: 'string', format: 'email', maxLength: 254 }, recoveryAuthValue: authValue }, ['email', 'recoveryAuthValue']),
      responses: { 200: { description: 'Continue with a second factor' } },
      handler: async (req, res) => {
        res.json(await credentials.startRecovery({ ...(req.body as { email: string; recoveryAuthValue: string }), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/recovery/sms',
      summary: 'Forgotten password: send an SMS code for this recovery attempt',
      tags: ['recovery'],
      body: closedObject({ attemptToken: token }, ['attemptToken']),
      responses: { 204: { description: 'Sent' } },
      handler: async (req, res) => {
        await credentials.sendRecoverySms(req.body as { attemptToken: string });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/recovery/verify',
      summary: 'Forgotten password, step 2: a second factor; returns the recovery-wrapped key',
      tags: ['recovery'],
      body: closedObject({ attemptToken: token, method: methodSchema, code: codeSchema }, ['attemptToken', 'method', 'code']),
      responses: { 200: { description: 'Permit to set a new password' } },
      handler: async (req, res) => {
        const body = req.body as { attemptToken: string; method: SecondFactorMethod; code: string };
        res.json(await credentials.verifyRecovery({ ...body, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/recovery/complete',
      summary: 'Forgotten password, step 3: new password wrap and a new recovery code; every session ends',
      tags: ['recovery'],
      body: closedObject({ resetToken: token, password: newPassword, recovery: newRecovery }, ['resetToken', 'password', 'recovery']),
      responses: { 204: { description: 'Reset' } },
      handler: async (req, res) => {
        const body = req.body as { resetToken: string; password: NewPassword; recovery: NewRecovery };
        await credentials.completeRecovery({ ...body, requestId: requestIdOf(res) });
        res.status(204).end();
      },
    }),
  ];
}
