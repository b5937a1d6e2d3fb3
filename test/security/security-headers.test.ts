// Threat: the browser as an accomplice — responses cached by proxies or the browser, sniffed into
// another type, framed by a foreign site (clickjacking), scripts from elsewhere, downgrade to http.
// Every API response (successes and errors alike) carries HSTS, nosniff, no-referrer, no-store and
// a CSP that allows nothing; the add-in's pages carry a CSP that lets only Office hosts frame them
// and allows 'wasm-unsafe-eval' only on the taskpane pages, where Argon2id runs as WebAssembly.
// Checklist J7 (ASVS 5.0 3.4.1, 3.4.3–3.4.6, 14.3.2, 3.4.7 for the referrer policy).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request, bearer, type TestApi } from '../helpers/api';
import type { OnboardedUser } from '../helpers/onboarding';
import { apiWithUsers, testClock } from './fixture';
import { OFFICE_FRAME_ANCESTORS } from '../../api/http/security';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;
// A built add-in in miniature: the taskpane page and the send-event page.
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-dist-'));

beforeAll(async () => {
  fs.writeFileSync(path.join(dist, 'taskpane.html'), '<!doctype html><title>Zegel</title>');
  fs.writeFileSync(path.join(dist, 'commands.html'), '<!doctype html><title>Zegel commands</title>');
  fs.writeFileSync(path.join(dist, 'send-event.js'), 'void 0;');
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.kopregels@kantoor.nl'], { DIST_DIR: dist }));
});
afterAll(async () => {
  await api?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('API responses', () => {
  const responses = async () => ({
    'an authenticated answer': await request(api.app).get('/api/me').set(...bearer(await user.token())),
    'a refusal without a session': await request(api.app).get('/api/me'),
    'a validation error': await request(api.app).post('/api/auth/login').send({ email: 5 }),
    'an unknown API path': await request(api.app).get('/api/does-not-exist'),
    'the OpenAPI document': await request(api.app).get('/api/openapi.json'),
    'the health check': await request(api.app).get('/healthz'),
  });

  it('carry HSTS for a year with subdomains, nosniff, no referrer, no-store and a CSP that allows nothing', async () => {
    for (const [name, res] of Object.entries(await responses())) {
      const csp = directives(res.headers['content-security-policy'] as string);
      expect({
        name,
        hsts: res.headers['strict-transport-security'],
        nosniff: res.headers['x-content-type-options'],
        referrer: res.headers['referrer-policy'],
        cache: res.headers['cache-control'],
        defaultSrc: csp.get('default-src'),
        frameAncestors: csp.get('frame-ancestors'),
        wasm: (res.headers['content-security-policy'] as string).includes('wasm-unsafe-eval'),
        poweredBy: res.headers['x-powered-by'],
      }).toEqual({
        name,
        hsts: 'max-age=31536000; includeSubDomains',
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        cache: 'no-store',
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        wasm: false,
        poweredBy: undefined,
      });
    }
  });
});

describe('the add-in’s pages', () => {
  it.each(['/taskpane.html', '/app', '/'])('%s may be framed only by Office hosts and may run WebAssembly, nothing looser', async (page) => {
    const res = await request(api.app).get(page);
    expect(res.status).toBe(200);
    const csp = directives(res.headers['content-security-policy'] as string);
    expect(csp.get('frame-ancestors')).toEqual([...OFFICE_FRAME_ANCESTORS]);
    expect(csp.get('frame-ancestors')).not.toContain('*');
    expect(csp.get('frame-ancestors')!.every((source) => source === "'self'" || /^https:\/\/([a-z0-9*-]+\.)*(office|office365|outlook|live|microsoft)\.com$/.test(source))).toBe(true);
    expect(csp.get('script-src')).toContain("'wasm-unsafe-eval'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives the send-event page (no Argon2id there) no WebAssembly', async () => {
    const res = await request(api.app).get('/commands.html');
    expect(res.status).toBe(200);
    const csp = directives(res.headers['content-security-policy'] as string);
    expect(csp.get('script-src')).not.toContain("'wasm-unsafe-eval'");
    expect(csp.get('frame-ancestors')).toEqual([...OFFICE_FRAME_ANCESTORS]);
  });

  it('serves scripts with nosniff, so a file cannot be run as another type', async () => {
    const res = await request(api.app).get('/send-event.js');
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-type']).toMatch(/javascript/);
  });
});
