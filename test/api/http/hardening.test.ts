// HTTP rules every route obeys: JSON only, schemas with no unknown fields, size limits, stable error
// codes without internals, security headers, CORS for the add-in's origin only.
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

const { app, logs } = buildTestApp({ database: alwaysAvailable, routes: [echo, boom], env: { JSON_BODY_LIMIT_BYTES: '1024' } });

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
    ['malformed JSON', '{"name":', 'application/json', 400, 'MALFORMED_JSON'],
    ['a form body', 'name=x', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['plain text', '{"name":"x"}', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown field', JSON.stringify({ name: 'x', role: 'admin' }), 'application/json', 400, 'UNKNOWN_FIELD'],
    ['a wrong type', JSON.stringify({ name: 5 }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['a $-operator', JSON.stringify({ name: { $ne: null } }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['a __proto__ key', '{"name":"x","__proto__":{"polluted":true}}', 'application/json', 400, 'UNKNOWN_FIELD'],
    ['a nested constructor key', '{"name":"x","count":{"constructor":{"prototype":{}}}}', 'application/json', 400, 'UNKNOWN_FIELD'],
    ['a JSON array', '[1,2]', 'application/json', 400, 'VALIDATION_FAILED'],
    ['an oversized body', JSON.stringify({ name: 'x'.repeat(2000) }), 'application/json', 413, 'PAYLOAD_TOO_LARGE'],
  ])('refuses %s with a stable code and writes nothing', async (_name, body, type, status, code) => {
    const res = await request(app).post('/api/test/echo').set('Content-Type', type).send(body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(written).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a POST without a body as not JSON', async () => {
    const res = await request(app).post('/api/test/echo');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('does not let duplicate query parameters through a check', async () => {
    const res = await request(app).post('/api/test/echo?mode=a&mode=b').send({ name: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
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

describe('headers', () => {
  it('sets HSTS for a year with subdomains, nosniff, no referrer and no-store on API responses', async () => {
    const res = await request(app).get('/healthz');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('gives the add-in page a CSP that lets Office hosts frame it and allows WASM only there', async () => {
    const page = await request(app).get('/taskpane.html');
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'] as string;
    expect(csp).toContain('frame-ancestors');
    expect(csp).toContain('https://outlook.office.com');
    expect(csp).toContain('https://appsforoffice.microsoft.com');
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    const api = await request(app).get('/api/openapi.json');
    expect(api.headers['content-security-policy']).not.toContain('wasm-unsafe-eval');
  });

  it('allows CORS only for the add-in origin and never reflects another', async () => {
    const own = await request(app).options('/api/test/echo').set('Origin', 'https://zegel.test').set('Access-Control-Request-Method', 'POST');
    expect(own.headers['access-control-allow-origin']).toBe('https://zegel.test');
    const foreign = await request(app).options('/api/test/echo').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const get = await request(app).get('/api/openapi.json').set('Origin', 'https://evil.example');
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
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
