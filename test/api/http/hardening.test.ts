// HTTP rules every route obeys: schemas with no unknown fields, stable error codes without internals,
// one log record per request. Each threat against the real API (bodies, content types, operators,
// prototype keys, duplicate parameters, headers, CORS) has its own file in test/security/.
import request from 'supertest';
import { defineRoute } from '../../../api/http/routes';
import { alwaysAvailable, buildTestApp } from '../../helpers/app';

const written: unknown[] = [];
const echo = defineRoute({
  method: 'post',
  path: '/api/test/echo',
  summary: 'Test fixture: stores the validated body',
  tags: ['test'],
  body: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1, maxLength: 50 }, count: { type: 'integer' } },
    additionalProperties: false,
  },
  query: { type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } }, additionalProperties: false },
  responses: { 201: { description: 'Stored' } },
  handler: (req, res) => {
    written.push(req.body);
    res.status(201).json({ ok: true });
  },
});
const boom = defineRoute({
  method: 'get',
  path: '/api/test/boom',
  summary: 'Test fixture: fails with a driver-like error',
  tags: ['test'],
  responses: { 200: { description: 'Never' } },
  handler: () => {
    const err = new Error('E11000 duplicate key error collection: zegel.accounts index: email_1 dup key: { email: "mr.x@example.nl" }');
    throw Object.assign(err, { name: 'MongoServerError', code: 11000 });
  },
});

const { app, logs } = buildTestApp({ database: alwaysAvailable, routes: [echo, boom] });

beforeEach(() => {
  written.length = 0;
});

describe('request bodies', () => {
  it('accepts a valid JSON body', async () => {
    const res = await request(app).post('/api/test/echo').send({ name: 'x', count: 2 });
    expect(res.status).toBe(201);
    expect(written).toEqual([{ name: 'x', count: 2 }]);
  });

  it.each([
    ['an unknown field', JSON.stringify({ name: 'x', role: 'admin' }), 'application/json', 400, 'UNKNOWN_FIELD'],
    ['a wrong type', JSON.stringify({ name: 5 }), 'application/json', 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a stable code and writes nothing', async (_name, body, type, status, code) => {
    const res = await request(app).post('/api/test/echo').set('Content-Type', type).send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(written).toEqual([]);
  });

  it('names the offending field without echoing its value', async () => {
    const res = await request(app).post('/api/test/echo').send({ name: 'x', secretField: 'hunter2-value' });
    expect(res.body.error.details).toEqual([{ path: 'body/secretField', problem: 'is not allowed' }]);
    expect(JSON.stringify(res.body)).not.toContain('hunter2-value');
  });
});

describe('errors', () => {
  it('answers unknown paths with 404 NOT_FOUND', async () => {
    const res = await request(app).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await request(app).delete('/healthz');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('GET');
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers TRACE with 405', async () => {
    const res = await request(app).trace('/healthz');
    expect(res.status).toBe(405);
  });

  it('hides driver messages and stacks from clients and keeps them out of the log message', async () => {
    const res = await request(app).get('/api/test/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(res.body)).not.toMatch(/E11000|mr\.x|at /);
    expect(logs.text()).toContain('MongoServerError');
    expect(logs.text()).not.toContain('mr.x@example.nl');
  });
});

describe('logs', () => {
  it('writes one structured record per request with id, method, path and status, not the body', async () => {
    await request(app).post('/api/test/echo?mode=a').send({ name: 'private-name-123' });
    const records = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.msg === 'request' && r.path === '/api/test/echo');
    expect(records.at(-1)).toEqual(expect.objectContaining({ method: 'POST', status: 201, requestId: expect.any(String) }));
    expect(logs.text()).not.toContain('private-name-123');
  });
});
