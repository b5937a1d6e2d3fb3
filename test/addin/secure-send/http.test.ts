// The fetch implementation of SecureSendApi: paths, bearer tokens (never cookies), binary chunks, and
// errors as stable codes.
import { createSecureSendHttpApi } from '../../../addin/secure-send/http';
import { isTransient, NO_DELEGATIONS, SecureSendApiError } from '../../../addin/secure-send/types';

interface Recorded {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: string | undefined;
}

function fakeFetch(answer: (call: Recorded) => Response | Promise<Response>) {
  const calls: Recorded[] = [];
  const fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const call: Recorded = { url: url instanceof Request ? url.url : url.toString(), method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) }, body: init?.body, credentials: init?.credentials };
    calls.push(call);
    return answer(call);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function client(answer: (call: Recorded) => Response | Promise<Response>, tokens: string[] = ['token-1']) {
  const recorded = fakeFetch(answer);
  let i = 0;
  const accessToken = jest.fn(() => Promise.resolve(tokens[Math.min(i++, tokens.length - 1)] ?? ''));
  return { api: createSecureSendHttpApi({ fetch: recorded.fetch, baseUrl: 'https://zegel.test', accessToken }), calls: recorded.calls, accessToken };
}

it('looks up keys with a bearer token and no cookies', async () => {
  const { api, calls } = client(() => json(200, { entries: [{ address: 'griffie@rechtspraak.nl', kind: 'unit', publicKey: 'K', fingerprint: 'f' }] }));
  const entries = await api.lookupKeys(['griffie@rechtspraak.nl']);
  expect(entries).toEqual([{ address: 'griffie@rechtspraak.nl', kind: 'unit', publicKey: 'K', fingerprint: 'f' }]);
  expect(calls[0]).toMatchObject({ url: 'https://zegel.test/api/directory/lookup', method: 'POST', credentials: 'omit', body: JSON.stringify({ addresses: ['griffie@rechtspraak.nl'] }) });
  expect(calls[0]?.headers).toMatchObject({ Authorization: 'Bearer token-1', 'Content-Type': 'application/json' });
});

it('looks up more than 50 addresses in batches the directory accepts', async () => {
  const { api, calls } = client((call) => json(200, { entries: (JSON.parse(String(call.body)) as { addresses: string[] }).addresses.map((address) => ({ address, kind: 'none' })) }));
  const addresses = Array.from({ length: 120 }, (_, i) => `p${i}@example.nl`);
  expect(await api.lookupKeys(addresses)).toHaveLength(120);
  expect(calls.map((c) => (JSON.parse(String(c.body)) as { addresses: string[] }).addresses.length)).toEqual([50, 50, 20]);
});

it('asks for the principals of a From address', async () => {
  const answer = { from: 'secretariaat@kantoor.nl', match: 'shared-mailbox', suggested: null, candidates: [], choices: [] };
  const { api, calls } = client(() => json(200, answer));
  expect(await api.principals({ from: 'secretariaat@kantoor.nl' })).toEqual(answer);
  expect(calls[0]?.url).toBe('https://zegel.test/api/delegations/principals?from=secretariaat%40kantoor.nl');
});

it('reads a 404 from the principals endpoint as "no delegations"', async () => {
  const { api } = client(() => json(404, { error: { code: 'NOT_FOUND', message: 'Not found.' } }));
  expect(await api.principals({ from: 'mr.a.jansen@kantoor.nl' })).toEqual({ ...NO_DELEGATIONS, from: 'mr.a.jansen@kantoor.nl' });
});

it('reads the professional status, filling in what an older server leaves out', async () => {
  const { api, calls } = client(() => json(200, { active: false, linked: false, kind: null }));
  expect(await api.professionalStatus()).toEqual({ active: false, linked: false, number: null, kind: null, problems: [] });
  expect(calls[0]?.url).toBe('https://zegel.test/api/professional/status');
});

it('creates a message with its idempotency key and part layout', async () => {
  const request = { idempotencyKey: 'k'.repeat(32), recipients: [{ address: 'griffie@rechtspraak.nl' }], parts: [{ partId: 'p0', role: 'subject' as const, chunkCount: 1 }] };
  const { api, calls } = client(() => json(201, { messageId: 'm1234567', status: 'uploading', uploaded: [], receipt: null }));
  expect(await api.createMessage(request)).toEqual({ messageId: 'm1234567', status: 'uploading', uploaded: [], receipt: null });
  expect(calls[0]).toMatchObject({ url: 'https://zegel.test/api/messages', method: 'POST', body: JSON.stringify(request) });
});

it('uploads a chunk as exactly its bytes, with progress', async () => {
  const { api, calls } = client(() => json(200, { sha256: 'abc', stored: true }));
  const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
  const progress: [number, number][] = [];
  const result = await api.uploadChunk({ messageId: 'm1234567', partId: 'p2', index: 3, ciphertext: backing.subarray(2, 5), onProgress: (sent, total) => progress.push([sent, total]) });
  expect(result).toEqual({ sha256: 'abc', stored: true });
  expect(calls[0]).toMatchObject({ url: 'https://zegel.test/api/messages/m1234567/parts/p2/chunks/3', method: 'PUT' });
  expect(calls[0]?.headers['Content-Type']).toBe('application/octet-stream');
  expect([...new Uint8Array(calls[0]?.body as ArrayBuffer)]).toEqual([1, 2, 3]);
  expect(progress).toEqual([
    [0, 3],
    [3, 3],
  ]);
});

it('asks for the upload status and commits', async () => {
  const { api, calls } = client((call) => (call.method === 'GET' ? json(200, { messageId: 'm1234567', status: 'uploading', parts: [], uploaded: [] }) : json(200, { messageId: 'm1234567', receipt: 'a.b.c' })));
  await api.uploadStatus('m1234567');
  expect(await api.commit('m1234567')).toEqual({ messageId: 'm1234567', receipt: 'a.b.c' });
  expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET https://zegel.test/api/messages/m1234567/upload', 'POST https://zegel.test/api/messages/m1234567/commit']);
});

it('fetches the receipt keys without a token', async () => {
  const { api, calls, accessToken } = client(() => json(200, { keys: [] }));
  expect(await api.receiptKeys()).toEqual({ keys: [] });
  expect(calls[0]?.url).toBe('https://zegel.test/api/receipts/jwks.json');
  expect(calls[0]?.headers.Authorization).toBeUndefined();
  expect(accessToken).not.toHaveBeenCalled();
});

it("turns the server's error into its stable code", async () => {
  const { api } = client(() => json(403, { error: { code: 'COURT_CONNECTION_REQUIRED', message: 'Link your number.' } }));
  const error = await api.createMessage({ idempotencyKey: 'k'.repeat(32), recipients: [], parts: [] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SecureSendApiError);
  expect(error).toMatchObject({ code: 'COURT_CONNECTION_REQUIRED', status: 403 });
  expect(isTransient(error)).toBe(false);
});

it('reports no answer as NETWORK, which is worth retrying', async () => {
  const { api } = client(() => Promise.reject(new TypeError('Failed to fetch')));
  const error = await api.uploadStatus('m1234567').catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'NETWORK', status: 0 });
  expect(isTransient(error)).toBe(true);
});

it('passes on Retry-After with a rate limit', async () => {
  const { api } = client(() => json(429, { error: { code: 'RATE_LIMITED', message: 'Wait.' } }, { 'Retry-After': '7' }));
  expect(await api.commit('m1234567').catch((e: unknown) => e)).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 7 });
});

it('tries once more with a fresh token after an expired one', async () => {
  const { api, calls } = client((call) => (call.headers.Authorization === 'Bearer old' ? json(401, { error: { code: 'SESSION_EXPIRED', message: 'Expired.' } }) : json(200, { sha256: 'x', stored: true })), ['old', 'new']);
  await api.uploadChunk({ messageId: 'm1234567', partId: 'p0', index: 0, ciphertext: new Uint8Array([1]) });
  expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer old', 'Bearer new']);
});

it('gives up on an expired session when no fresher token comes', async () => {
  const { api, calls } = client(() => json(401, { error: { code: 'SESSION_EXPIRED', message: 'Expired.' } }), ['same']);
  expect(await api.professionalStatus().catch((e: unknown) => e)).toMatchObject({ code: 'SESSION_EXPIRED' });
  expect(calls).toHaveLength(1);
});
