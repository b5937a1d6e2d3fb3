// The real parts Secure send runs on in the taskpane: its fetch client on the session's access token
// (the ApiClient keeps and refreshes it; the refresh token never leaves that client), the build's court
// key pins and public origin, and trust on first use kept in localStorage per account.
import { COURT_KEY_PINS, PUBLIC_ORIGIN } from '../build-config';
import { createSecureSendHttpApi, type SecureSendHttpOptions } from '../secure-send/http';
import { createWebAppHttpApi } from '../webapp/http';
import type { WebAppApi } from '../webapp/types';
import { SecureSendApiError, type SecureSendApi } from '../secure-send/types';
import { isApiError, type ApiClient } from '../api/types';
import { storedFingerprintMemory } from '../state/fingerprint-memory';
import { browserStorage, type KeyValueStorage } from '../state/storage';
import type { SecureSendServices } from './services';

type SessionHttpOptions = { api: ApiClient; fetch: typeof fetch; baseUrl?: string };

/** The fetch clients' options on the session of `api`: a session that is over shows as their own session error. */
function onSession(options: SessionHttpOptions): SecureSendHttpOptions {
  const { api } = options;
  return {
    fetch: options.fetch,
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    async accessToken(rejected) {
      try {
        return await api.accessToken(rejected);
      } catch (error) {
        if (isApiError(error)) throw new SecureSendApiError({ code: error.code, status: error.status, message: error.message });
        throw error;
      }
    },
  };
}

/** Secure send's API on the session of `api`. */
export function sessionSecureSendApi(options: SessionHttpOptions): SecureSendApi {
  return createSecureSendHttpApi(onSession(options));
}

/** The web app's API (inbox, reader, clerks' desk, sending) on the session of `api`. */
export function sessionWebAppApi(options: SessionHttpOptions): WebAppApi {
  return createWebAppHttpApi(onSession(options));
}

export function defaultSecureSendServices(options: { api: ApiClient; fetch?: typeof fetch; storage?: KeyValueStorage }): SecureSendServices {
  const storage = options.storage ?? browserStorage('localStorage');
  return {
    api: sessionSecureSendApi({ api: options.api, fetch: options.fetch ?? ((input, init) => window.fetch(input, init)) }),
    courtKeyPins: COURT_KEY_PINS,
    receiptIssuer: PUBLIC_ORIGIN,
    webAppUrl: `${PUBLIC_ORIGIN}/app`,
    fingerprintMemory: (accountId) => storedFingerprintMemory(storage, accountId),
  };
}
