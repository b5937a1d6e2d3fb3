// SecureSendApi over fetch: bearer token from the caller (the taskpane's session client keeps and
// refreshes it), never cookies. Failures become SecureSendApiError with the server's stable code, or
// NETWORK when no answer came, so the flow can tell a passing failure from a final one.
import { isErrorCode } from '../../shared/errors';
import type { ReceiptJwk } from '../../shared/crypto/receipt';
import {
  NO_DELEGATIONS,
  SecureSendApiError,
  type CreatedMessage,
  type CreateMessageRequest,
  type DirectoryEntry,
  type GuestAccessRequest,
  type PrincipalsAnswer,
  type ProfessionalStatusView,
  type SecureSendApi,
  type StoredGuestAccess,
  type UploadStatus,
} from './types';

export interface SecureSendHttpOptions {
  fetch: typeof fetch;
  /** Prefix of every path; '' for the page's own origin. */
  baseUrl?: string;
  /** A current access token; asked before every request, and once more after a 401 with the token refused. */
  accessToken: (rejected?: string) => Promise<string>;
}

/** The directory takes at most this many addresses per call. */
const LOOKUP_BATCH = 50;
const SESSION_CODES = new Set(['AUTH_REQUIRED', 'SESSION_INVALID', 'SESSION_EXPIRED']);

interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  json?: unknown;
  binary?: Uint8Array;
  auth: boolean;
}

function codeForStatus(status: number): string {
  if (status === 401) return 'AUTH_REQUIRED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVICE_UNAVAILABLE';
  return 'VALIDATION_FAILED';
}

const segment = (value: string) => encodeURIComponent(value);

export function createSecureSendHttpApi(options: SecureSendHttpOptions): SecureSendApi {
  const base = options.baseUrl ?? '';

  async function once<T>(call: Call, token: string | null): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (call.binary) {
      headers['Content-Type'] = 'application/octet-stream';
      // A copy on its own ArrayBuffer: fetch wants exactly the chunk's bytes, not the buffer around them.
      body = new Uint8Array(call.binary).buffer;
    } else if (call.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(call.json);
    }
    let response: Response;
    try {
      response = await options.fetch(`${base}${call.path}`, { method: call.method, headers, credentials: 'omit', cache: 'no-store', ...(body !== undefined ? { body } : {}) });
    } catch (cause) {
      throw new SecureSendApiError({ code: 'NETWORK', status: 0, message: cause instanceof Error ? cause.message : 'network failure' });
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new SecureSendApiError({ code: 'NETWORK', status: 0, message: 'the answer was cut off' });
    }
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        if (response.ok) throw new SecureSendApiError({ code: 'INTERNAL', status: response.status, message: 'unreadable answer' });
      }
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const code = isErrorCode(error?.code) ? error.code : codeForStatus(response.status);
      const retryAfter = response.headers.get('Retry-After');
      throw new SecureSendApiError({
        code,
        status: response.status,
        message: typeof error?.message === 'string' ? error.message : code,
        retryAfterSeconds: retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined,
      });
    }
    return parsed as T;
  }

  async function request<T>(call: Call): Promise<T> {
    if (!call.auth) return once<T>(call, null);
    const token = await options.accessToken();
    try {
      return await once<T>(call, token);
    } catch (error) {
      // The token may have expired on the way; a fresh one gets one more try.
      if (!(error instanceof SecureSendApiError) || error.status !== 401 || !SESSION_CODES.has(error.code)) throw error;
      const fresh = await options.accessToken(token);
      if (fresh === token) throw error;
      return once<T>(call, fresh);
    }
  }

  return {
    async lookupKeys(addresses) {
      const entries: DirectoryEntry[] = [];
      for (let at = 0; at < addresses.length; at += LOOKUP_BATCH) {
        const answer = await request<{ entries: DirectoryEntry[] }>({ method: 'POST', path: '/api/directory/lookup', json: { addresses: addresses.slice(at, at + LOOKUP_BATCH) }, auth: true });
        entries.push(...answer.entries);
      }
      return entries;
    },

    async principals({ from }) {
      const query = from ? `?from=${encodeURIComponent(from)}` : '';
      try {
        return await request<PrincipalsAnswer>({ method: 'GET', path: `/api/delegations/principals${query}`, auth: true });
      } catch (error) {
        // No grants (or no delegations feature on this server): the user sends as herself.
        if (error instanceof SecureSendApiError && error.status === 404) return { ...NO_DELEGATIONS, from };
        throw error;
      }
    },

    async professionalStatus() {
      const status = await request<Partial<ProfessionalStatusView>>({ method: 'GET', path: '/api/professional/status', auth: true });
      return {
        active: status.active === true,
        linked: status.linked === true,
        number: typeof status.number === 'string' ? status.number : null,
        kind: status.kind === 'lawyer' || status.kind === 'bailiff' ? status.kind : null,
        problems: Array.isArray(status.problems) ? status.problems : [],
      };
    },

    createMessage: (input: CreateMessageRequest) => request<CreatedMessage>({ method: 'POST', path: '/api/messages', json: input, auth: true }),

    async uploadChunk({ messageId, partId, index, ciphertext, onProgress }) {
      // fetch reports no upload progress: the whole chunk counts once the server has it.
      onProgress?.(0, ciphertext.length);
      const result = await request<{ sha256: string; stored: boolean }>({
        method: 'PUT',
        path: `/api/messages/${segment(messageId)}/parts/${segment(partId)}/chunks/${String(index)}`,
        binary: ciphertext,
        auth: true,
      });
      onProgress?.(ciphertext.length, ciphertext.length);
      return result;
    },

    uploadStatus: (messageId) => request<UploadStatus>({ method: 'GET', path: `/api/messages/${segment(messageId)}/upload`, auth: true }),

    storeGuestAccess: (messageId: string, guests: readonly GuestAccessRequest[]) =>
      request<{ guests: StoredGuestAccess[] }>({ method: 'POST', path: `/api/messages/${segment(messageId)}/guests`, json: { guests }, auth: true }),

    commit: (messageId) => request<{ messageId: string; receipt: string }>({ method: 'POST', path: `/api/messages/${segment(messageId)}/commit`, auth: true }),

    receiptKeys: () => request<{ keys: ReceiptJwk[] }>({ method: 'GET', path: '/api/receipts/jwks.json', auth: false }),
  };
}
