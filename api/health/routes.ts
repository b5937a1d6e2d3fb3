// Liveness and readiness: /healthz says the process answers; /readyz says the database is reachable.
import type { RouteDefinition } from '../http/routes';
import { defineRoute } from '../http/routes';
import { RETRY_AFTER_SECONDS } from '../http/errors';

export interface ReadinessProbe {
  /** Resolves true when the database answered a ping just now. */
  ping(): Promise<boolean>;
}

const statusSchema = { type: 'object', required: ['status'], properties: { status: { type: 'string' } }, additionalProperties: false };

export function healthRoutes(probe: ReadinessProbe): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the API process is up',
      tags: ['health'],
      responses: { 200: { description: 'Alive', schema: statusSchema } },
      handler: (_req, res) => {
        res.json({ status: 'ok' });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the database is reachable',
      tags: ['health'],
      responses: {
        200: { description: 'Ready', schema: statusSchema },
        503: { description: 'Not ready; retry after the given seconds', schema: statusSchema },
      },
      handler: async (_req, res) => {
        if (await probe.ping()) {
          res.json({ status: 'ready' });
          return;
        }
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        res.status(503).json({ status: 'not-ready' });
      },
    }),
  ];
}
