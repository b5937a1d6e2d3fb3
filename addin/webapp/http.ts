// WebAppApi over fetch: the send calls are Secure send's own client (secure-send/http.ts); the inbox
// calls below follow its rules — bearer token from the caller's getter (asked before every request
// and once more after a 401), never cookies, failures as SecureSendApiError with the server's stable
// code, NETWORK when no answer came. Chunks come back as bytes, exactly as stored.
import { isErrorCode } from '../../shared/errors';
import { createSecureSendHttpApi, type SecureSendHttpOptions } from '../secure-send/http';
import { SecureSendApiError } from '../secure-send/types';
import type { Box, InboxApi, Membership, MessageDetail, MessageSummary, ReadPrincipal, WebAppApi } from './types';

export type WebAppHttpOptions = SecureSendHttpOptions;

const SESSION_CODES = new Set(['AUTH_REQUIRED', 'SESSION_INVALID', 'SESSION_EXPIRED']);
const segment = (value: string) => encodeURIComponent(value);

async function failure(response: Response): Promise<SecureSendApiError> {
  let code = response.status === 404 ? 'NOT_FOUND' : response.status === 401 ? 'AUTH_REQUIRED' : response.status >= 500 ? 'SERVICE_UNAVAILABLE' : 'VALIDATION_FAILED';
  let message = code;
  try {
    const error = ((await response.json()) as { error?: { code?: unknown; message?: unknown } }).error;
    if (isErrorCode(error?.code)) code = error.code;
    if (typeof error?.message === 'string') message = error.message;
  } catch {
    // No JSON body: the status decides.
  }
  return new SecureSendApiError({ code, status: response.status, message });
}

function boxQuery(box: Box): string {
  if (box.kind === 'unit') return `box=unit&unitId=${segment(box.unitId)}`;
  if (box.kind === 'principal') return `box=inbox&principal=${segment(box.accountId)}`;
  return `box=${box.kind}`;
}

export function createInboxHttpApi(options: WebAppHttpOptions): InboxApi {
  const base = options.baseUrl ?? '';

  async function once(method: 'GET' | 'POST', path: string, token: string): Promise<Response> {
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, { method, headers: { Accept: 'application/json, application/octet-stream', Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
    } catch (cause) {
      throw new SecureSendApiError({ code: 'NETWORK', status: 0, message: cause instanceof Error ? cause.message : 'network failure' });
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  async function call(method: 'GET' | 'POST', path: string): Promise<Response> {
    const token = await options.accessToken();
    try {
      return await once(method, path, token);
    } catch (error) {
      if (!(error instanceof SecureSendApiError) || error.status !== 401 || !SESSION_CODES.has(error.code)) throw error;
      const fresh = await options.accessToken(token);
      if (fresh === token) throw error;
      return once(method, path, fresh);
    }
  }

  async function json<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    const response = await call(method, path);
    try {
      return (await response.json()) as T;
    } catch {
      throw new SecureSendApiError({ code: 'NETWORK', status: 0, message: 'the answer was cut off or unreadable' });
    }
  }

  return {
    listMessages: async (box) => (await json<{ messages: MessageSummary[] }>('GET', `/api/messages?${boxQuery(box)}`)).messages,
    getMessage: (messageId) => json<MessageDetail>('GET', `/api/messages/${segment(messageId)}`),
    async fetchChunk(messageId, partId, index) {
      const response = await call('GET', `/api/messages/${segment(messageId)}/parts/${segment(partId)}/chunks/${String(index)}`);
      try {
        return new Uint8Array(await response.arrayBuffer());
      } catch {
        throw new SecureSendApiError({ code: 'NETWORK', status: 0, message: 'the chunk was cut off' });
      }
    },
    recall: (messageId) => json<MessageDetail>('POST', `/api/messages/${segment(messageId)}/recall`),
    memberships: async () => (await json<{ memberships: Membership[] }>('GET', '/api/organisations/me')).memberships,
    async readPrincipals() {
      const overview = await json<{ held: { state: string; scopes: string[]; principal: { accountId: string; email: string | null } }[] }>('GET', '/api/delegations');
      const out: ReadPrincipal[] = [];
      for (const grant of overview.held) {
        if (grant.state === 'active' && grant.scopes.includes('read') && grant.principal.email && !out.some((p) => p.accountId === grant.principal.accountId)) {
          out.push({ accountId: grant.principal.accountId, email: grant.principal.email });
        }
      }
      return out;
    },
  };
}

/** Everything the web app calls, over fetch. */
export function createWebAppHttpApi(options: WebAppHttpOptions): WebAppApi {
  return { ...createSecureSendHttpApi(options), ...createInboxHttpApi(options) };
}
