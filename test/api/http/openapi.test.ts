// The OpenAPI document is built from the route definitions; this proves it matches what Express serves.
import request from 'supertest';
import type { Express } from 'express';
import { alwaysAvailable, buildTestApp } from '../../helpers/app';
import { toOpenApiPath } from '../../../api/openapi/document';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every (method, path) Express will answer with a route handler, found by walking the router stack. */
function servedRoutes(app: Express): Set<string> {
  const out = new Set<string>();
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') for (const p of paths) out.add(`${method} ${toOpenApiPath(p)}`);
        }
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('OpenAPI document', () => {
  const { app, openApi } = buildTestApp({ database: alwaysAvailable });

  it('is served at /api/openapi.json as OpenAPI 3.1', async () => {
    const res = await request(app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body).toEqual(JSON.parse(JSON.stringify(openApi)));
  });

  it('describes exactly the API routes Express serves', () => {
    const documented = new Set<string>();
    for (const [p, operations] of Object.entries(openApi.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(operations)) documented.add(`${method} ${p}`);
    }
    // The add-in's page routes are not API operations.
    const served = [...servedRoutes(app)].filter((r) => !/^get \/(app)?$/.test(r));
    expect([...documented].sort()).toEqual(served.sort());
    expect(documented.has('get /healthz')).toBe(true);
    expect(documented.has('get /readyz')).toBe(true);
  });

  it('gives every operation a unique operationId and an error response', () => {
    const ids: string[] = [];
    for (const operations of Object.values(openApi.paths as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>)) {
      for (const op of Object.values(operations)) {
        ids.push(op.operationId);
        expect(op.responses.default).toBeDefined();
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
