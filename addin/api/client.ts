// The typed HTTP client of the taskpane. The access token lives in this closure only; the refresh token
// too, and the caller is told of every new one (onSessionChange) to keep it where it chooses. Bearer
// headers only, never cookies (credentials: 'omit'). An expired or unknown access token is refreshed
// once, automatically; concurrent requests share that one refresh, since a refresh token used twice
// ends the session on the server (reuse means theft).
import { ERROR_MESSAGE, isErrorCode, type ErrorCode } from '../../shared/errors';
import {
  ApiError,
  type ApiClient,
  type FactorConfirmed,
  type DelegationOverview,
  type DelegationSettings,
  type ExplainedTexts,
  type FullLogin,
  type GrantView,
  type IssuedSession,
  type LoginResult,
  type ProfessionalStatus,
  type SessionSummary,
} from './types';

export interface ApiClientOptions {
  /** `fetch` of the page (tests pass a recording fake). */
  fetch: typeof fetch;
  /** Prefix of every path; '' for the same origin as the page. */
  baseUrl?: string;
  /** Told about every new session (each one carries a new refresh token) and about its end (null). */
  onSessionChange?: (session: IssuedSession | null) => void;
  now?: () => number;
}

type Auth = 'none' | 'session';
interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  auth: Auth;
}

/** Refresh a little before the server's expiry, so a request does not race the clock. */
const EXPIRY_MARGIN_MS = 15_000;
const SESSION_ENDED: readonly ErrorCode[] = ['SESSION_INVALID', 'SESSION_EXPIRED', 'REFRESH_TOKEN_REUSED', 'AUTH_REQUIRED'];

/** Longest explanation taken from an answer; anything else is left to the client's own texts. */
const MAX_TEXT = 1000;
const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT;

function textsFrom(value: unknown): ExplainedTexts | undefined {
  const texts = value as { nl?: unknown; en?: unknown } | null | undefined;
  return texts && isText(texts.nl) && isText(texts.en) ? { nl: texts.nl, en: texts.en } : undefined;
}

function errorFrom(status: number, body: unknown, retryAfter: string | null): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; reason?: unknown; texts?: unknown } } | null)?.error;
  const code: ErrorCode = isErrorCode(error?.code) ? error.code : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';
  const message = typeof error?.message === 'string' ? error.message : ERROR_MESSAGE[code];
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  const reason = typeof error?.reason === 'string' && /^[a-z0-9-]{1,64}$/.test(error.reason) ? error.reason : undefined;
  return new ApiError({ code, message, status, retryAfterSeconds: seconds, reason, texts: textsFrom(error?.texts) });
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const send = options.fetch;
  const base = options.baseUrl ?? '';
  const now = options.now ?? (() => Date.now());
  let accessToken: string | null = null;
  let accessExpiresAt = 0;
  let refreshToken: string | null = null;
  let refreshing: Promise<IssuedSession> | null = null;

  function install(session: IssuedSession | null): void {
    accessToken = session?.accessToken ?? null;
    accessExpiresAt = session ? now() + session.accessTokenExpiresIn * 1000 - EXPIRY_MARGIN_MS : 0;
    refreshToken = session?.refreshToken ?? null;
    options.onSessionChange?.(session);
  }

  async function raw<T>(call: Call, token: string | null): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await send(`${base}${call.path}`, {
        method: call.method,
        headers,
        credentials: 'omit',
        cache: 'no-store',
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      });
    } catch {
      throw new ApiError({ code: 'SERVICE_UNAVAILABLE', message: ERROR_MESSAGE.SERVICE_UNAVAILABLE, status: 0 });
    }
    const text = await response.text().catch(() => '');
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new ApiError({ code: 'INTERNAL', message: ERROR_MESSAGE.INTERNAL, status: response.status });
      }
    }
    if (!response.ok) throw errorFrom(response.status, body, response.headers.get('Retry-After'));
    return body as T;
  }

  function refreshOnce(): Promise<IssuedSession> {
    if (!refreshing) {
      const token = refreshToken;
      refreshing = (async () => {
        if (!token) throw new ApiError({ code: 'AUTH_REQUIRED', message: ERROR_MESSAGE.AUTH_REQUIRED, status: 401 });
        try {
          const session = await raw<IssuedSession>({ method: 'POST', path: '/api/sessions/refresh', body: { refreshToken: token }, auth: 'none' }, null);
          install(session);
          return session;
        } catch (error) {
          // A refused refresh token is final; a network failure is not, so keep the session then.
          if (error instanceof ApiError && error.status === 401) install(null);
          throw error;
        }
      })().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  /** The access token to send now: refreshed first when it is missing, about to expire, or just refused. */
  async function currentToken(rejected?: string): Promise<string> {
    if (refreshing) await refreshing;
    const stale = !accessToken || now() >= accessExpiresAt || (rejected !== undefined && accessToken === rejected);
    if (stale && refreshToken) await refreshOnce();
    if (!accessToken) throw new ApiError({ code: 'AUTH_REQUIRED', message: ERROR_MESSAGE.AUTH_REQUIRED, status: 401 });
    return accessToken;
  }

  async function call<T>(c: Call): Promise<T> {
    if (c.auth === 'none') return raw<T>(c, null);
    const used = await currentToken();
    try {
      return await raw<T>(c, used);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || !SESSION_ENDED.includes(error.code) || !refreshToken) throw error;
      // Another request may have refreshed meanwhile; otherwise refresh now. Either way, retry once.
      if (accessToken === used) await refreshOnce();
      return raw<T>(c, accessToken);
    }
  }

  const post = <T>(path: string, body: unknown, auth: Auth): Promise<T> => call<T>({ method: 'POST', path, body, auth });
  const get = <T>(path: string): Promise<T> => call<T>({ method: 'GET', path, auth: 'session' });

  return {
    hasSession: () => accessToken !== null || refreshToken !== null,
    resumeSession(token) {
      refreshToken = token;
      accessToken = null;
      return refreshOnce();
    },
    forgetSession: () => install(null),
    accessToken: (rejected) => currentToken(rejected),

    register: (input) => post('/api/registration', input, 'none'),
    verifyAddress: (input) => post('/api/registration/verify', input, 'none'),
    activate: (input) => post('/api/registration/activate', input, 'none'),

    prelogin: (input) => post('/api/auth/prelogin', input, 'none'),
    async login(input) {
      const result = await post<LoginResult>('/api/auth/login', input, 'none');
      if (result.stage === 'setup') install(result.session);
      return result;
    },
    async completeLogin(input) {
      const result = await post<FullLogin>('/api/auth/second-factor', input, 'none');
      install(result.session);
      return result;
    },
    async sendLoginSms(input) {
      await post<void>('/api/auth/second-factor/sms', input, 'none');
    },

    refresh: () => refreshOnce(),
    async logout() {
      try {
        await post<void>('/api/sessions/logout', undefined, 'session');
      } finally {
        install(null);
      }
    },
    async logoutEverywhere() {
      await post<void>('/api/sessions/logout-all', undefined, 'session');
      install(null);
    },
    async listSessions() {
      return (await get<{ sessions: SessionSummary[] }>('/api/sessions')).sessions;
    },
    async endSession(sessionId) {
      await call<void>({ method: 'DELETE', path: `/api/sessions/${encodeURIComponent(sessionId)}`, auth: 'session' });
    },
    me: () => get('/api/me'),

    twoFactorStatus: () => get('/api/two-factor'),
    startTotp: (input = {}) => post('/api/two-factor/totp/start', input, 'session'),
    async confirmTotp(input) {
      const result = await post<FactorConfirmed>('/api/two-factor/totp/confirm', input, 'session');
      if (result.session) install(result.session);
      return result;
    },
    startSms: (input) => post('/api/two-factor/sms/start', input, 'session'),
    async confirmSms(input) {
      const result = await post<FactorConfirmed>('/api/two-factor/sms/confirm', input, 'session');
      if (result.session) install(result.session);
      return result;
    },
    async removeFactor(input) {
      await post<void>('/api/two-factor/remove', input, 'session');
    },
    regenerateBackupCodes: (input) => post('/api/two-factor/backup-codes', input, 'session'),

    stepUp: (input) => post('/api/auth/step-up', input, 'session'),
    async sendStepUpSms() {
      await post<void>('/api/auth/step-up/sms', undefined, 'session');
    },
    async changePassword(input) {
      await post<void>('/api/account/password', input, 'session');
    },
    replaceRecoveryCode: (input) => post('/api/account/recovery-code', input, 'session'),

    startRecovery: (input) => post('/api/recovery/start', input, 'none'),
    async sendRecoverySms(input) {
      await post<void>('/api/recovery/sms', input, 'none');
    },
    verifyRecovery: (input) => post('/api/recovery/verify', input, 'none'),
    async completeRecovery(input) {
      await post<void>('/api/recovery/complete', input, 'none');
    },

    professionalStatus: () => get('/api/professional/status'),
    async linkProfessionalNumber(input) {
      // The API names the second entry of the number `confirmation`.
      const body = { number: input.number, confirmation: input.confirmNumber, stepUpToken: input.stepUpToken };
      const result = await post<ProfessionalStatus | undefined>('/api/professional/link', body, 'session');
      return result ?? get<ProfessionalStatus>('/api/professional/status');
    },

    lookupDelegate: (input) => post('/api/delegations/delegate-lookup', input, 'session'),
    grantDelegation: (input) => post<GrantView>('/api/delegations', input, 'session'),
    listDelegations: () => get<DelegationOverview>('/api/delegations'),
    acceptDelegation: (grantId) => post<GrantView>(`/api/delegations/${encodeURIComponent(grantId)}/accept`, undefined, 'session'),
    revokeDelegation: (grantId) => post<GrantView>(`/api/delegations/${encodeURIComponent(grantId)}/revoke`, undefined, 'session'),
    delegationSettings: () => get<DelegationSettings>('/api/delegations/settings'),
    updateDelegationSettings: (input) => call<DelegationSettings>({ method: 'PUT', path: '/api/delegations/settings', body: input, auth: 'session' }),
  };
}
