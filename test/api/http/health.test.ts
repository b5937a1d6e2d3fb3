// Liveness and readiness over HTTP, and the 503 gate while the database is away. The status object
// here stands for the database module; test/api/db/ proves the same against the real engine.
import request from 'supertest';
import { defineRoute } from '../../../api/http/routes';
import { buildTestApp } from '../../helpers/app';

let available = true;
const database = { isAvailable: () => available, ping: () => Promise.resolve(available) };
const probe = defineRoute({
  method: 'get',
  path: '/api/test/probe',
  summary: 'Test fixture',
  tags: ['test'],
  responses: { 200: { description: 'ok' } },
  handler: (_req, res) => {
    res.json({ ok: true });
  },
});
const { app } = buildTestApp({ database, routes: [probe] });

afterEach(() => {
  available = true;
});

it('answers /healthz whether or not the database is there', async () => {
  available = false;
  const res = await request(app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok' });
});

it('answers /readyz with ready, or 503 and Retry-After when the database does not answer', async () => {
  expect((await request(app).get('/readyz')).body).toEqual({ status: 'ready' });
  available = false;
  const res = await request(app).get('/readyz');
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(res.body).toEqual({ status: 'not-ready' });
});

it('answers API routes with 503 SERVICE_UNAVAILABLE and Retry-After while the database is away', async () => {
  available = false;
  const res = await request(app).get('/api/test/probe');
  expect(res.status).toBe(503);
  expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  available = true;
  expect((await request(app).get('/api/test/probe')).status).toBe(200);
});

it('keeps the OpenAPI document available without the database', async () => {
  available = false;
  expect((await request(app).get('/api/openapi.json')).status).toBe(200);
});
