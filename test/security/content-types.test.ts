// Threat: bodies in a type the route does not expect — forms (CSRF from a plain HTML form), text,
// multipart, XML, JSON-like vendor types, binary on JSON routes and JSON on the binary upload — hoping
// for a lenient parser or a check that looks at the wrong thing. Anything but application/json
// (application/octet-stream on the upload route) is refused with 415 before parsing, and nothing is
// written. Checklist J1 (ASVS 5.0 2.2.1; 4.0.3 13.2.5, 13.1.5).
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

const asJson = JSON.stringify({ email: 'nieuw@kantoor.nl' });
const cases: [string, string | undefined, string | Buffer][] = [
  ['a form body', 'application/x-www-form-urlencoded', 'email=nieuw%40kantoor.nl'],
  ['JSON sent as text/plain (what a cross-site form can send)', 'text/plain', asJson],
  ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nnieuw@kantoor.nl\r\n--x--\r\n'],
  ['XML', 'application/xml', '<email>nieuw@kantoor.nl</email>'],
  ['a JSON-like vendor type', 'application/vnd.api+json', asJson],
  ['binary on a JSON route', 'application/octet-stream', Buffer.from(asJson)],
  ['a body without any Content-Type', undefined, Buffer.from(asJson)],
];

it.each(cases)('refuses %s with 415 and writes nothing', async (_name, type, body) => {
  const before = await domainState(api.database.db);
  let req = request(api.app).post('/api/registration');
  if (type) req = req.set('Content-Type', type);
  const res = await req.serialize((b: unknown) => b as string).send(body);
  expect(res.status).toBe(415);
  expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
});

it('refuses a JSON route called without a body as not JSON', async () => {
  const res = await request(api.app).post('/api/registration');
  expect(res.status).toBe(415);
});

it('refuses a charset outside the UTF family with 415, not a server error', async () => {
  const res = await request(api.app).post('/api/registration').set('Content-Type', 'application/json; charset=iso-8859-1').serialize((b: unknown) => b as string).send(Buffer.from(asJson, 'latin1'));
  expect(res.status).toBe(415);
  expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
});

it('accepts JSON whatever the case of its media type (so the refusals above are about the type)', async () => {
  const res = await request(api.app).post('/api/registration').set('Content-Type', 'Application/JSON; charset=utf-8').serialize((b: unknown) => b as string).send(asJson);
  expect(res.status).toBe(202);
});

it('takes only application/octet-stream on the upload route, and refuses binary elsewhere', async () => {
  const started = await sendSecure(api, alice, { to: [bob.email], subject: 'x', body: 'y', stopAfterChunks: 0 });
  const token = await alice.token();
  const before = await domainState(api.database.db);
  const asJsonChunk = await request(api.app).put(`/api/messages/${started.messageId}/parts/p0/chunks/0`).set(...bearer(token)).send({ a: 1 });
  expect(asJsonChunk.status).toBe(415);
  const asForm = await request(api.app).put(`/api/messages/${started.messageId}/parts/p0/chunks/0`).set(...bearer(token)).set('Content-Type', 'application/x-www-form-urlencoded').send('a=1');
  expect(asForm.status).toBe(415);
  const binary = await request(api.app).post('/api/directory/lookup').set(...bearer(token)).set('Content-Type', 'application/octet-stream').send(Buffer.from('x'));
  expect(binary.status).toBe(415);
  expect(changedCollections(before, await domainState(api.database.db))).toEqual([]);
});
