// GuestApi over fetch. No cookies and no account session: after the verifier (and SMS code) the server
// hands out a short-lived download token, sent as `Authorization: Guest <token>`. Failures become
// GuestApiError with the server's stable code, or NETWORK when no answer came.
import { isErrorCode } from '../../shared/errors';
import { toBase64url } from '../../shared/crypto/encoding';
import { GuestApiError, type GuestApi } from './types';

export interface GuestHttpOptions {
  fetch: typeof fetch;
  /** Prefix of every path; '' for the page's own origin. */
  baseUrl?: string;
}

const segment = (value: string) => encodeURIComponent(value);

export function createGuestHttpApi(options: GuestHttpOptions): GuestApi {
  const base = options.baseUrl ?? '';

  async function call(method: 'GET' | 'POST', path: string, input: { json?: unknown; token?: string; binary?: boolean } = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: input.binary ? 'application/octet-stream' : 'application/json' };
    if (input.token) headers.Authorization = `Guest ${input.token}`;
    if (input.json !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, { method, headers, credentials: 'omit', cache: 'no-store', ...(input.json !== undefined ? { body: JSON.stringify(input.json) } : {}) });
    } catch (cause) {
      throw new GuestApiError({ code: 'NETWORK', status: 0, message: cause instanceof Error ? cause.message : 'network failure' });
    }
    if (response.ok) return response;
    let code = response.status === 404 ? 'NOT_FOUND' : response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'VALIDATION_FAILED';
    let message = code;
    try {
      const error = ((await response.json()) as { error?: { code?: unknown; message?: unknown } }).error;
      if (isErrorCode(error?.code)) code = error.code;
      if (typeof error?.message === 'string') message = error.message;
    } catch {
      // no JSON body: the status decides
    }
    const retryAfter = response.headers.get('Retry-After');
    throw new GuestApiError({ code, status: response.status, message, retryAfterSeconds: retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined });
  }

  async function json<T>(method: 'GET' | 'POST', path: string, input: { json?: unknown; token?: string } = {}): Promise<T> {
    const response = await call(method, path, input);
    try {
      return (await response.json()) as T;
    } catch {
      throw new GuestApiError({ code: 'INTERNAL', status: response.status, message: 'unreadable answer' });
    }
  }

  return {
    meta: (guestId) => json('GET', `/api/guest-access/${segment(guestId)}`),
    open: (guestId, input) => json('POST', `/api/guest-access/${segment(guestId)}/open`, { json: input }),
    resendSms: (guestId, input) => json('POST', `/api/guest-access/${segment(guestId)}/sms`, { json: input }),
    async fetchChunk(guestId, token, partId, index) {
      const response = await call('GET', `/api/guest-access/${segment(guestId)}/parts/${segment(partId)}/chunks/${String(index)}`, { token, binary: true });
      try {
        return new Uint8Array(await response.arrayBuffer());
      } catch {
        throw new GuestApiError({ code: 'NETWORK', status: 0, message: 'the chunk was cut off' });
      }
    },
    createReply: (guestId, token, input) => json('POST', `/api/guest-access/${segment(guestId)}/replies`, { json: input, token }),
    async putReplyChunk(guestId, token, replyId, input) {
      await json('POST', `/api/guest-access/${segment(guestId)}/replies/${segment(replyId)}/chunks`, { json: { partId: input.partId, index: input.index, data: toBase64url(input.data) }, token });
    },
    commitReply: (guestId, token, replyId) => json('POST', `/api/guest-access/${segment(guestId)}/replies/${segment(replyId)}/commit`, { token }),
  };
}
