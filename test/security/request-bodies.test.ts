// Threat: bodies built to break the parser or exhaust the server — malformed, truncated or
// non-object JSON, invalid UTF-8, absurd nesting, and bodies over the limit, also streamed without a
// Content-Length. Each is refused with a clear 4xx, is cut off at the limit rather than buffered, and
// leaves nothing behind. Checklist J1, J6, L1 (ASVS 5.0 2.2.1, 5.2.1, 16.5.1; 4.0.3 13.1.5).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, bearer, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { sendSecure } from '../helpers/messaging';
import { changedCollections, domainState } from './domain-state';

jest.setTimeout(120_000);
let api: TestApi;
const clock = testClock();
let alice: OnboardedUser;
let bob: OnboardedUser;

beforeAll(async () => {
  ({ api, users: [alice, bob] } = await apiWithUsers(clock, ['mr.alice@kantoor-a.nl', 'mr.bob@kantoor-b.nl']));
});
afterAll(() => api?.close());

const json = 'application/json';
const cases: [string, string | Buffer, number, string][] = [
  ['malformed JSON', '{"email":', 400, 'MALFORMED_JSON'],
  ['JSON with trailing garbage', '{"email":"a@kantoor.nl"} x', 400, 'MALFORMED_JSON'],
  ['a JSON array', '["a@kantoor.nl"]', 400, 'VALIDATION_FAILED'],
  ['a bare JSON string', '"a@kantoor.nl"', 400, 'MALFORMED_JSON'],
  ['JSON null', 'null', 400, 'MALFORMED_JSON'],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x65, 0x6d, 0x61, 0x69, 0x6c, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]), 400, 'VALIDATION_FAILED'],
  ['nesting ten thousand deep', `{"email":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 400, 'VALIDATION_FAILED'],
  ['a body over the JSON limit', JSON.stringify({ email: `${'x'.repeat(70_000)}@kantoor.nl` }), 413, 'PAYLOAD_TOO_LARGE'],
];

it.each(cases)('refuses %s with a stable code and writes nothing', async (_name, body, status, code) => {
  const before = await domainState(api.database.db);
  // Bytes as they are: no JSON serialisation on the way.
  const res = await request(api.app).post('/api/registration').set('Content-Type', json).serialize((b: unknown) => b as string).send(body);
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|SyntaxError|stack/);
  expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
});

it('cuts off a body streamed without Content-Length once it passes the limit', async () => {
  const server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const result = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/registration', headers: { 'Content-Type': json, 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve({ status: 0, sent }) : reject(err)));
      req.write('{"email":"');
      // Up to 4 MiB in 16 KiB pieces; the server answers long before the end.
      const piece = 'x'.repeat(16 * 1024);
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += piece.length;
          if (!req.write(piece)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end('"}');
      };
      pump();
    });
    expect(result.status).toBe(413);
  } finally {
    server.close();
  }
});

it('cuts off an upload chunk larger than the chunk limit', async () => {
  const started = await sendSecure(api, alice, { to: [bob.email], subject: 'x', body: 'y', stopAfterChunks: 0 });
  const big = Buffer.alloc(api.config.messages.maxChunkBytes + 1);
  const put = await request(api.app).put(`/api/messages/${started.messageId}/parts/p0/chunks/0`).set(...bearer(await alice.token())).set('Content-Type', 'application/octet-stream').send(big);
  expect(put.status).toBe(413);
  expect(put.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  const upload = await request(api.app).get(`/api/messages/${started.messageId}/upload`).set(...bearer(await alice.token()));
  expect(JSON.stringify(upload.body)).not.toContain('"p0":[0]');
});
