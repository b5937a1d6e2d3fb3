// Professional-number endpoints: the matching status, linking (number typed twice, step-up) and
// unlinking (step-up). Thin: parse, call, respond.
import { MAX_NUMBER_INPUT_LENGTH, PROFESSIONAL_KINDS, type ProfessionalKind } from '../../shared/professional/numbers';
import { defineRoute, type JsonSchema, type RouteDefinition } from '../http/routes';
import { caller } from '../sessions/authenticate';
import type { Professional } from './professional';

export const stepUpTokenSchema = { type: 'string', minLength: 40, maxLength: 120, pattern: '^[A-Za-z0-9_.-]+$' } as const;
// Loose on purpose: the domain normalises and explains every malformed number in the user's words.
const typedNumber = { type: 'string', maxLength: MAX_NUMBER_INPUT_LENGTH } as const;
const closed = (properties: Record<string, unknown>, required: string[] = []): JsonSchema => ({ type: 'object', properties, required, additionalProperties: false });

const statusSchema: JsonSchema = {
  type: 'object',
  required: ['active', 'problems', 'linked', 'number', 'kind', 'secondFactorConfigured', 'link', 'texts', 'form'],
  properties: {
    active: { type: 'boolean', description: 'The Rechtspraak connection: second factor set, number linked, register entry active at the account address' },
    problems: { type: 'array', items: { type: 'string', enum: ['second-factor-missing', 'not-linked', 'email-changed', 'entry-removed'] } },
    linked: { type: 'boolean' },
    number: { type: ['string', 'null'] },
    kind: { type: ['string', 'null'], enum: [...PROFESSIONAL_KINDS, null] },
    secondFactorConfigured: { type: 'boolean' },
    link: {
      type: ['object', 'null'],
      properties: {
        number: { type: 'string' },
        kind: { type: 'string', enum: [...PROFESSIONAL_KINDS] },
        registerName: { type: ['string', 'null'] },
        registerStatus: { type: 'string', enum: ['active', 'removed', 'unknown'] },
        linkedAt: { type: 'string', format: 'date-time' },
        state: { type: 'string', enum: ['linked', 'suspended'] },
        suspendedReason: { type: ['string', 'null'], enum: ['email-changed', 'entry-removed', null] },
      },
    },
    texts: { type: 'array', items: { type: 'object', properties: { nl: { type: 'string' }, en: { type: 'string' } } } },
    form: { type: 'object', properties: { kind: { type: 'string' }, kbvgNumberPattern: { type: 'string' } } },
  },
};

export function professionalRoutes(professional: Professional): RouteDefinition[] {
  const rid = (res: { locals: Record<string, unknown> }) => res.locals.requestId as string;
  return [
    defineRoute({
      method: 'get',
      path: '/api/professional/status',
      auth: 'session',
      summary: 'Matching with occupational group number (BAR/KBvG): the linked number, its register entry, and whether the Rechtspraak connection is active',
      tags: ['professional'],
      responses: { 200: { description: 'Matching status', schema: statusSchema } },
      handler: async (_req, res) => {
        res.json(await professional.status(caller(res).accountId));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/professional/link',
      auth: 'full',
      summary: 'Link the BAR/KBvG number, typed twice; only the address the register lists for it may (step-up "link-number")',
      tags: ['professional'],
      body: closed({ number: typedNumber, confirmation: typedNumber, kind: { type: 'string', enum: [...PROFESSIONAL_KINDS] }, stepUpToken: stepUpTokenSchema }, ['number', 'confirmation']),
      responses: {
        200: { description: 'Linked: the new matching status', schema: statusSchema },
        400: { description: 'NUMBER_INVALID or NUMBER_CONFIRMATION_MISMATCH, with `error.texts` (nl, en)' },
        403: { description: 'NUMBER_NOT_MATCHED (the same answer whatever the reason), SECOND_FACTOR_SETUP_REQUIRED or STEP_UP_REQUIRED' },
        409: { description: 'NUMBER_ALREADY_LINKED' },
      },
      handler: async (req, res) => {
        const body = req.body as { number: string; confirmation: string; kind?: ProfessionalKind; stepUpToken?: string };
        res.json(
          await professional.link({
            caller: caller(res),
            number: body.number,
            confirmation: body.confirmation,
            ...(body.kind ? { kind: body.kind } : {}),
            ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}),
            requestId: rid(res),
          }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/professional/unlink',
      auth: 'full',
      summary: 'Unlink the number (step-up "unlink-number"); the Rechtspraak connection stops',
      tags: ['professional'],
      body: closed({ stepUpToken: stepUpTokenSchema }),
      responses: { 200: { description: 'Unlinked: the new matching status', schema: statusSchema }, 409: { description: 'NUMBER_NOT_LINKED' } },
      handler: async (req, res) => {
        const body = req.body as { stepUpToken?: string };
        res.json(await professional.unlink({ caller: caller(res), ...(body.stepUpToken ? { stepUpToken: body.stepUpToken } : {}), requestId: rid(res) }));
      },
    }),
  ];
}
