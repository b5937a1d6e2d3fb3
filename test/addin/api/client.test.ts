// The taskpane's API client against a fake fetch that records every request: bearer tokens only
// (never cookies), one automatic refresh on an expired or unknown access token, shared between
// concurrent requests, and every failure as a stable code from shared/errors.ts.
import { createApiClient } from '../../../addin/api/client';
import { ApiError, type IssuedSession } from '../../../addin/api/types';

interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Responder = (request: Recorded) => Response | Promise<Response>;

function json(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
const error = (status: number, code: string, headers: Record<string, string> = {}) => json(status, { error: { code, message: `server says ${code}` } }, headers);

function issued(n: number, stage: 'setup' | 'full' = 'full'): IssuedSession {
  return { sessionId: 'sid', stage, accessToken: `access-${n}`, accessTokenExpiresIn: 300, refreshToken: `refresh-${n}`, absoluteExpiresAt: '2026-11-28T21:00:00Z' };
}

function recordingFetch(responder: Responder) {
  const requests: Recorded[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const request: Recorded = { method: init?.method ?? 'GET', url: urlOf(input), headers, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined, credentials: init?.credentials };
    requests.push(request);
    return responder(request);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const path = (r: Recorded) => `${r.method} ${r.url}`;

describe('the API client', () => {
  it('sends JSON without cookies, and no Authorization header on public calls', async () => {
    const { fetch, requests } = recordingFetch(() => json(200, { kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA' } }));
    const client = createApiClient({ fetch, baseUrl: 'https://zegel.test' });
    await client.prelogin({ email: 'a@b.nl' });
    expect(requests).toEqual([
      { method: 'POST', url: 'https://zegel.test/api/auth/prelogin', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: { email: 'a@b.nl' }, credentials: 'omit' },
    ]);
  });

  it('installs the session from a login and sends its access token as a bearer header', async () => {
    const sessions: (IssuedSession | null)[] = [];
    const { fetch, requests } = recordingFetch((r) =>
      r.url === '/api/auth/login' ? json(200, { stage: 'setup', session: issued(1, 'setup') }) : json(200, { accountId: 'acct', email: 'a@b.nl' }),
    );
    const client = createApiClient({ fetch, onSessionChange: (s) => sessions.push(s) });
    expect(client.hasSession()).toBe(false);
    await client.login({ email: 'a@b.nl', authValue: 'x'.repeat(43) });
    expect(client.hasSession()).toBe(true);
    await client.me();
    expect(requests[1]).toMatchObject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer access-1' }, credentials: 'omit' });
    expect(sessions).toEqual([issued(1, 'setup')]);
  });

  it('refreshes once on SESSION_INVALID, retries with the new token, and reports the rotated refresh token', async () => {
    const sessions: (IssuedSession | null)[] = [];
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/sessions/refresh') return json(200, issued(2));
      return r.headers.authorization === 'Bearer access-2' ? json(200, { sessions: [] }) : error(401, 'SESSION_INVALID');
    });
    const client = createApiClient({ fetch, onSessionChange: (s) => sessions.push(s) });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    expect(await client.listSessions()).toEqual([]);
    expect(requests.map((r) => `${path(r)} ${r.headers.authorization ?? ''}`.trim())).toEqual([
      'POST /api/auth/second-factor',
      'GET /api/sessions Bearer access-1',
      'POST /api/sessions/refresh',
      'GET /api/sessions Bearer access-2',
    ]);
    expect(requests[2]!.body).toEqual({ refreshToken: 'refresh-1' });
    expect(sessions.map((s) => s?.refreshToken)).toEqual(['refresh-1', 'refresh-2']);
  });

  it('resumes a session from a refresh token the caller kept', async () => {
    const { fetch, requests } = recordingFetch((r) => (r.url === '/api/sessions/refresh' ? json(200, issued(5)) : json(200, {})));
    const client = createApiClient({ fetch });
    await expect(client.resumeSession('refresh-4')).resolves.toMatchObject({ accessToken: 'access-5' });
    await client.me();
    expect(requests.map((r) => [path(r), r.body, r.headers.authorization])).toEqual([
      ['POST /api/sessions/refresh', { refreshToken: 'refresh-4' }, undefined],
      ['GET /api/me', undefined, 'Bearer access-5'],
    ]);
  });

  it('retries a request refused with an expired token exactly once, after one refresh', async () => {
    let refreshes = 0;
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/sessions/refresh') return json(200, issued(2 + refreshes++));
      if (r.headers.authorization === 'Bearer access-1') return error(401, 'SESSION_INVALID');
      return json(200, { totp: true });
    });
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    await client.twoFactorStatus();
    expect(requests.map(path)).toEqual(['POST /api/auth/second-factor', 'GET /api/two-factor', 'POST /api/sessions/refresh', 'GET /api/two-factor']);
    expect(requests[3]!.headers.authorization).toBe('Bearer access-2');
    expect(refreshes).toBe(1);
  });

  it('gives up after the one retry instead of looping', async () => {
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/sessions/refresh') return json(200, issued(2));
      return error(401, 'SESSION_INVALID');
    });
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    await expect(client.me()).rejects.toMatchObject({ code: 'SESSION_INVALID' });
    expect(requests.map(path)).toEqual(['POST /api/auth/second-factor', 'GET /api/me', 'POST /api/sessions/refresh', 'GET /api/me']);
  });

  it('shares one refresh between concurrent requests (a refresh token used twice would end the session)', async () => {
    let refreshes = 0;
    const { fetch } = recordingFetch(async (r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/sessions/refresh') {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return json(200, issued(2));
      }
      return r.headers.authorization === 'Bearer access-2' ? json(200, { ok: r.url }) : error(401, 'SESSION_EXPIRED');
    });
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    await Promise.all([client.me(), client.twoFactorStatus(), client.listSessions().catch(() => undefined)]);
    expect(refreshes).toBe(1);
  });

  it('refreshes before sending when the access token has expired by the clock', async () => {
    let now = 1_000_000;
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/sessions/refresh') return json(200, issued(2));
      return json(200, {});
    });
    const client = createApiClient({ fetch, now: () => now });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    now += 300_000;
    await client.me();
    expect(requests.map(path)).toEqual(['POST /api/auth/second-factor', 'POST /api/sessions/refresh', 'GET /api/me']);
    expect(requests[2]!.headers.authorization).toBe('Bearer access-2');
  });

  it('ends the session when the refresh token is refused, and says so with the code', async () => {
    const sessions: (IssuedSession | null)[] = [];
    const { fetch } = recordingFetch((r) => (r.url === '/api/sessions/refresh' ? error(401, 'REFRESH_TOKEN_REUSED') : error(401, 'SESSION_INVALID')));
    const client = createApiClient({ fetch, onSessionChange: (s) => sessions.push(s) });
    await expect(client.resumeSession('refresh-0')).rejects.toMatchObject({ code: 'REFRESH_TOKEN_REUSED', status: 401 });
    expect(sessions).toEqual([null]);
    expect(client.hasSession()).toBe(false);
    await expect(client.me()).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('keeps the session when a refresh fails for the network', async () => {
    let down = true;
    const { fetch } = recordingFetch(() => {
      if (down) throw new TypeError('Failed to fetch');
      return json(200, issued(3));
    });
    const client = createApiClient({ fetch });
    await expect(client.resumeSession('refresh-0')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 0 });
    expect(client.hasSession()).toBe(true);
    down = false;
    await expect(client.refresh()).resolves.toMatchObject({ refreshToken: 'refresh-3' });
  });

  it('maps every failure to a code from shared/errors.ts', async () => {
    const answers: Response[] = [
      error(401, 'TOTP_INVALID'),
      json(404, { nothing: true }),
      new Response('<html>bad gateway</html>', { status: 502 }),
      error(429, 'RATE_LIMITED', { 'Retry-After': '7' }),
      json(400, { error: { code: 'SOMETHING_NEW', message: 'x' } }),
    ];
    const { fetch } = recordingFetch(() => answers.shift()!);
    const client = createApiClient({ fetch });
    const code = (p: Promise<unknown>) => p.then(() => null, (e: ApiError) => ({ code: e.code, status: e.status, retry: e.retryAfterSeconds, isApiError: e instanceof ApiError }));
    expect(await code(client.completeLogin({ attemptToken: 'a', method: 'totp', code: '1' }))).toEqual({ code: 'TOTP_INVALID', status: 401, retry: undefined, isApiError: true });
    expect(await code(client.prelogin({ email: 'a@b.nl' }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await code(client.prelogin({ email: 'a@b.nl' }))).toMatchObject({ code: 'INTERNAL', status: 502 });
    expect(await code(client.prelogin({ email: 'a@b.nl' }))).toMatchObject({ code: 'RATE_LIMITED', retry: 7 });
    expect(await code(client.prelogin({ email: 'a@b.nl' }))).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
  });

  it('installs the new full session that the first factor returns', async () => {
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/login') return json(200, { stage: 'setup', session: issued(1, 'setup') });
      if (r.url === '/api/two-factor/totp/confirm') return json(200, { stage: 'full', session: issued(2), keys: {}, backupCodes: ['a'] });
      return json(200, {});
    });
    const client = createApiClient({ fetch });
    await client.login({ email: 'a@b.nl', authValue: 'x'.repeat(43) });
    await client.confirmTotp({ code: '123456' });
    await client.me();
    expect(requests.at(-1)!.headers.authorization).toBe('Bearer access-2');
  });

  it('forgets the session at logout even when the server cannot be reached', async () => {
    const sessions: (IssuedSession | null)[] = [];
    const { fetch } = recordingFetch((r) => {
      if (r.url === '/api/auth/login') return json(200, { stage: 'setup', session: issued(1, 'setup') });
      throw new TypeError('offline');
    });
    const client = createApiClient({ fetch, onSessionChange: (s) => sessions.push(s) });
    await client.login({ email: 'a@b.nl', authValue: 'x'.repeat(43) });
    await expect(client.logout()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(client.hasSession()).toBe(false);
    expect(sessions.at(-1)).toBeNull();
  });

  it('links the professional number at /api/professional/link and reads the status after a 204', async () => {
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/professional/link') return new Response(null, { status: 204 });
      return json(200, { linked: true, active: true, kind: 'lawyer' });
    });
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    const status = await client.linkProfessionalNumber({ number: 'A12345', confirmNumber: 'A12345', stepUpToken: 'g'.repeat(40) });
    expect(status).toEqual({ linked: true, active: true, kind: 'lawyer' });
    expect(requests.slice(1).map((r) => [path(r), r.body])).toEqual([
      ['POST /api/professional/link', { number: 'A12345', confirmation: 'A12345', stepUpToken: 'g'.repeat(40) }],
      ['GET /api/professional/status', undefined],
    ]);
  });

  it('calls the documented paths for the security settings', async () => {
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      return r.method === 'GET' ? json(200, { sessions: [] }) : new Response(null, { status: 204 });
    });
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    const grant = 'g'.repeat(40);
    await client.removeFactor({ method: 'sms', stepUpToken: grant });
    await client.sendStepUpSms();
    await client.endSession('session_0123456789');
    await client.changePassword({ stepUpToken: grant, password: { kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1, salt: 's' }, authValue: 'a', wrappedUserKeyByPassword: 'w' } });
    await client.logoutEverywhere();
    expect(requests.slice(1).map(path)).toEqual([
      'POST /api/two-factor/remove',
      'POST /api/auth/step-up/sms',
      'DELETE /api/sessions/session_0123456789',
      'POST /api/account/password',
      'POST /api/sessions/logout-all',
    ]);
    // Calls without a body send no Content-Type (the API refuses bodies that are not JSON).
    expect(requests[2]!.headers['content-type']).toBeUndefined();
    expect(client.hasSession()).toBe(false);
  });

  it('calls the documented paths for delegations', async () => {
    const view = { grantId: 'grant_0123456789' };
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/delegations' && r.method === 'GET') return json(200, { given: [], held: [], settings: { showOnlyPrincipalName: false, onBehalfNotice: 'each' } });
      return json(r.url === '/api/delegations' ? 201 : 200, view);
    });
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    const grant = { principalAccountId: 'acct_a', delegateAccountId: 'acct_b', delegateFingerprint: 'f'.repeat(64), scopes: ['read'], expiresAt: null, createdAt: '2026-11-28T09:00:00.000Z' };
    await client.lookupDelegate({ email: 'secretariaat@kantoor.nl' });
    await expect(client.grantDelegation({ grant, signature: 'sig', stepUpToken: 'g'.repeat(40) })).resolves.toEqual(view);
    await expect(client.listDelegations()).resolves.toMatchObject({ given: [], held: [] });
    await client.acceptDelegation('grant_0123456789');
    await client.revokeDelegation('grant/../x');
    expect(requests.slice(1).map((r) => [path(r), r.body, r.headers.authorization])).toEqual([
      ['POST /api/delegations/delegate-lookup', { email: 'secretariaat@kantoor.nl' }, 'Bearer access-1'],
      ['POST /api/delegations', { grant, signature: 'sig', stepUpToken: 'g'.repeat(40) }, 'Bearer access-1'],
      ['GET /api/delegations', undefined, 'Bearer access-1'],
      ['POST /api/delegations/grant_0123456789/accept', undefined, 'Bearer access-1'],
      ['POST /api/delegations/grant%2F..%2Fx/revoke', undefined, 'Bearer access-1'],
    ]);
  });

  it('reads and changes the delegation settings with GET and PUT, and reports a refused change', async () => {
    let stored = { showOnlyPrincipalName: false, onBehalfNotice: 'each' };
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      if (r.url === '/api/delegations/settings' && r.method === 'PUT') {
        if ((r.body as { onBehalfNotice?: string }).onBehalfNotice === 'hourly') return error(400, 'VALIDATION_FAILED');
        if ((r.body as { onBehalfNotice?: string }).onBehalfNotice === 'each') return error(503, 'SERVICE_UNAVAILABLE');
        stored = { ...stored, ...(r.body as object) };
      }
      return json(200, stored);
    });
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    await expect(client.delegationSettings()).resolves.toEqual({ showOnlyPrincipalName: false, onBehalfNotice: 'each' });
    await expect(client.updateDelegationSettings({ showOnlyPrincipalName: true })).resolves.toEqual({ showOnlyPrincipalName: true, onBehalfNotice: 'each' });
    await expect(client.updateDelegationSettings({ onBehalfNotice: 'daily' })).resolves.toEqual({ showOnlyPrincipalName: true, onBehalfNotice: 'daily' });
    await expect(client.updateDelegationSettings({ onBehalfNotice: 'each' })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    await expect(client.updateDelegationSettings({ onBehalfNotice: 'hourly' as 'daily' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(requests.slice(1).map((r) => [path(r), r.body, r.headers.authorization, r.headers['content-type']])).toEqual([
      ['GET /api/delegations/settings', undefined, 'Bearer access-1', undefined],
      ['PUT /api/delegations/settings', { showOnlyPrincipalName: true }, 'Bearer access-1', 'application/json'],
      ['PUT /api/delegations/settings', { onBehalfNotice: 'daily' }, 'Bearer access-1', 'application/json'],
      ['PUT /api/delegations/settings', { onBehalfNotice: 'each' }, 'Bearer access-1', 'application/json'],
      ['PUT /api/delegations/settings', { onBehalfNotice: 'hourly' }, 'Bearer access-1', 'application/json'],
    ]);
  });

  it('keeps the API’s own explanation of a refusal, and nothing that is not text', async () => {
    const texts = { nl: 'Vraag de medewerker eerst stap 2 en 3 te doen.', en: 'Ask them to do steps 2 and 3 first.' };
    const answers: Response[] = [
      json(409, { error: { code: 'DELEGATE_NOT_READY', message: texts.en, reason: 'second-factor-missing', texts } }),
      json(409, { error: { code: 'DELEGATE_NOT_READY', message: 'x', reason: '<b>', texts: { nl: 42, en: 'only English' } } }),
    ];
    const { fetch } = recordingFetch((r) => (r.url === '/api/auth/second-factor' ? json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null }) : answers.shift()!));
    const client = createApiClient({ fetch });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    await expect(client.lookupDelegate({ email: 'a@b.nl' })).rejects.toMatchObject({ code: 'DELEGATE_NOT_READY', reason: 'second-factor-missing', texts });
    await expect(client.lookupDelegate({ email: 'a@b.nl' })).rejects.toMatchObject({ code: 'DELEGATE_NOT_READY', reason: undefined, texts: undefined });
  });

  it('hands out its access token, refreshed when it expired or when the server just refused it', async () => {
    let clock = 0;
    let refreshes = 0;
    const { fetch, requests } = recordingFetch((r) => {
      if (r.url === '/api/auth/second-factor') return json(200, { stage: 'full', session: issued(1), keys: {}, kdf: null, notice: null });
      return json(200, issued(2 + refreshes++));
    });
    const client = createApiClient({ fetch, now: () => clock });
    await expect(client.accessToken()).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    await client.completeLogin({ attemptToken: 't'.repeat(40), method: 'totp', code: '123456' });
    await expect(client.accessToken()).resolves.toBe('access-1');
    // A token refused by another client of the API is replaced; an older refused one is not the current one.
    await expect(client.accessToken('access-1')).resolves.toBe('access-2');
    await expect(client.accessToken('access-1')).resolves.toBe('access-2');
    clock += 300_000;
    await expect(client.accessToken()).resolves.toBe('access-3');
    expect(requests.filter((r) => r.url === '/api/sessions/refresh').map((r) => r.body)).toEqual([{ refreshToken: 'refresh-1' }, { refreshToken: 'refresh-2' }]);
  });
});

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}
