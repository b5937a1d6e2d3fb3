// Second-factor endpoints: status, set-up (app or SMS), removal, backup codes, and step-up grants.
import { STEP_UP_PURPOSES, type StepUpPurpose } from '../../shared/auth/step-up';
import { closedObject, defineRoute, requestIdOf, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import type { Enrolment } from './enrolment';
import type { SecondFactor, SecondFactorMethod } from './second-factor';
import type { StepUp } from './step-up';

export const codeSchema = { type: 'string', minLength: 6, maxLength: 40, pattern: '^[0-9A-Za-z -]+$' } as const;
export const methodSchema = { type: 'string', enum: ['totp', 'sms', 'backup'] } as const;
const stepUpToken = { type: 'string', minLength: 40, maxLength: 120, pattern: '^[A-Za-z0-9_.-]+$' } as const;
const phone = { type: 'string', minLength: 6, maxLength: 30, pattern: '^[0-9+() -]+$' } as const;

export function twoFactorRoutes(deps: { enrolment: Enrolment; secondFactor: SecondFactor; stepUp: StepUp }): RouteDefinition[] {
  const { enrolment, secondFactor, stepUp } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/two-factor',
      auth: 'session',
      summary: 'Which additional login methods are set up',
      tags: ['two-factor'],
      responses: { 200: { description: 'Status' } },
      handler: async (_req, res) => {
        res.json(await secondFactor.status(caller(res).accountId));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/two-factor/totp/start',
      auth: 'session',
      summary: 'Start setting up an authenticator app: secret, otpauth URI and QR code (step-up once a factor exists)',
      tags: ['two-factor'],
      body: closedObject({ stepUpToken }),
      responses: { 200: { description: 'Enrolment started' } },
      handler: async (req, res) => {
        const body = req.body as { stepUpToken?: string };
        res.json(await enrolment.startTotp({ caller: caller(res), ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/two-factor/totp/confirm',
      auth: 'session',
      summary: 'Finish setting up the app with a code from it (the first factor returns backup codes and a full session)',
      tags: ['two-factor'],
      body: closedObject({ code: codeSchema }, ['code']),
      responses: { 200: { description: 'Set up' } },
      handler: async (req, res) => {
        res.json(await enrolment.confirmTotp({ caller: caller(res), code: (req.body as { code: string }).code, userAgent: req.headers['user-agent'], requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/two-factor/sms/start',
      auth: 'session',
      summary: 'Send a code to a phone number to set it up for SMS (step-up once a factor exists)',
      tags: ['two-factor'],
      body: closedObject({ phone, stepUpToken }, ['phone']),
      responses: { 200: { description: 'Code sent' } },
      handler: async (req, res) => {
        const body = req.body as { phone: string; stepUpToken?: string };
        res.json(await enrolment.startSms({ caller: caller(res), phone: body.phone, ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/two-factor/sms/confirm',
      auth: 'session',
      summary: 'Confirm the phone number with the code it received',
      tags: ['two-factor'],
      body: closedObject({ phone, code: codeSchema }, ['phone', 'code']),
      responses: { 200: { description: 'Set up' } },
      handler: async (req, res) => {
        const body = req.body as { phone: string; code: string };
        res.json(await enrolment.confirmSms({ caller: caller(res), phone: body.phone, code: body.code, userAgent: req.headers['user-agent'], requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/two-factor/remove',
      auth: 'full',
      summary: 'Remove the app or SMS (never the last method; step-up)',
      tags: ['two-factor'],
      body: closedObject({ method: { type: 'string', enum: ['totp', 'sms'] }, stepUpToken }, ['method']),
      responses: { 204: { description: 'Removed' } },
      handler: async (req, res) => {
        const body = req.body as { method: 'totp' | 'sms'; stepUpToken?: string };
        await enrolment.removeFactor({ caller: caller(res), method: body.method, ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: requestIdOf(res) });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/two-factor/backup-codes',
      auth: 'full',
      summary: 'Make ten new backup codes; every earlier one stops working (step-up)',
      tags: ['two-factor'],
      body: closedObject({ stepUpToken }),
      responses: { 200: { description: 'New codes, shown once' } },
      handler: async (req, res) => {
        const body = req.body as { stepUpToken?: string };
        res.json(await enrolment.regenerateBackupCodes({ caller: caller(res), ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/step-up',
      auth: 'full',
      summary: 'Re-authenticate (password auth value + second factor) for one security change',
      tags: ['auth'],
      body: closedObject({ authValue: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' }, method: methodSchema, code: codeSchema, purpose: { type: 'string', enum: [...STEP_UP_PURPOSES] } }, ['authValue', 'method', 'code', 'purpose']),
      responses: { 200: { description: 'Step-up grant: single use, 5 minutes, this purpose and session only' } },
      handler: async (req, res) => {
        const me = caller(res);
        const body = req.body as { authValue: string; method: SecondFactorMethod; code: string; purpose: StepUpPurpose };
        res.json(await stepUp.grant({ accountId: me.accountId, sessionId: me.sessionId, ...body, requestId: requestIdOf(res) }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/step-up/sms',
      auth: 'full',
      summary: 'Send an SMS code for a step-up',
      tags: ['auth'],
      responses: { 204: { description: 'Sent' } },
      handler: async (_req, res) => {
        const me = caller(res);
        await stepUp.sendSms({ accountId: me.accountId, sessionId: me.sessionId });
        res.status(204).end();
      },
    }),
  ];
}
