// What every screen reaches through context: the API client, the Office capabilities, lazy crypto,
// storage of progress and session, the key vault, and the language. Nothing here imports Office.js,
// fetch or shared/crypto at run time, so screens render with plain fakes in tests.
import { createContext, useCallback, useContext, useMemo } from 'react';
import type { ApiClient } from '../api/types';
import { isApiError } from '../api/types';
import type { AccountCrypto } from '../state/account-crypto';
import type { PasswordRules } from '../state/password-rules';
import type { KeyVault } from '../state/key-vault';
import type { ProgressStore } from '../state/onboarding-progress';
import type { SessionStore } from '../state/session-store';
import { translator, type Language, type Translate } from '../i18n/messages';
import { errorText, type ClientErrorCode, type UiErrorCode } from '../i18n/errors';
import type { WebAppApi } from '../webapp/types';
import type { FileActions, OfficeCapabilities } from './capabilities';
import type { FingerprintMemory } from '../../shared/keys/trust';
import type { SecureSendApi } from '../secure-send/types';
import type { SendCrypto } from '../secure-send/crypto-loader';
import type { PendingSendStore } from '../secure-send/send-flow';

/** What the Secure send pane gets besides the draft and the keys (see addin/secure-send/README.md). */
export interface SecureSendServices {
  api: SecureSendApi;
  /** Court unit key fingerprints built into the add-in (COURT_KEY_PINS). */
  courtKeyPins: readonly string[];
  /** The API's public origin: the issuer of the receipts the pane accepts. */
  receiptIssuer: string;
  webAppUrl?: string;
  /** Trust on first use for people's keys, per account (localStorage in the pane). */
  fingerprintMemory: (accountId: string) => FingerprintMemory;
  /** Defaults of the pane unless given (tests give real crypto already loaded, and no pauses). */
  loadCrypto?: () => Promise<SendCrypto>;
  pendingSends?: PendingSendStore;
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  download?: (file: { fileName: string; text: string }) => void;
}

export interface Services {
  api: ApiClient;
  office: OfficeCapabilities;
  files: FileActions;
  loadCrypto: () => Promise<AccountCrypto>;
  loadPasswordRules: () => Promise<PasswordRules>;
  vault: KeyVault;
  progress: ProgressStore;
  sessions: SessionStore;
  secureSend: SecureSendServices;
  /** The web app's API (inbox, reader, clerks' desk, sending) on the session. */
  webApp: WebAppApi;
}

export interface AppContextValue extends Services {
  language: Language;
  t: Translate;
  /** Localised text for any failure (ApiError, CryptoError or a bug, shown as INTERNAL). */
  describe: (error: unknown) => string;
  /** Called by screens for failures that mean the session is over; the app then shows the login. */
  reportSessionEnd: (error: unknown) => boolean;
}

const AppContext = createContext<AppContextValue | null>(null);

const CLIENT_CODES: readonly ClientErrorCode[] = ['KDF_PARAMS_TOO_WEAK', 'KDF_PARAMS_INVALID', 'UNWRAP_FAILED', 'RECOVERY_CODE_MALFORMED', 'KEYS_LOCKED'];
const SESSION_OVER = new Set<string>(['SESSION_INVALID', 'SESSION_EXPIRED', 'REFRESH_TOKEN_REUSED', 'AUTH_REQUIRED']);

/** The code the UI switches on, whatever was thrown. */
export function uiErrorCode(error: unknown): UiErrorCode {
  if (isApiError(error)) return error.code;
  const code = (error as { name?: unknown; code?: unknown } | null)?.code;
  if ((error as { name?: unknown } | null)?.name === 'CryptoError' && CLIENT_CODES.includes(code as ClientErrorCode)) return code as ClientErrorCode;
  if ((error as { name?: unknown } | null)?.name === 'UiError' && typeof code === 'string') return code as UiErrorCode;
  return 'INTERNAL';
}

/** A failure the UI itself raises with a code (e.g. keys not unlocked). */
export class UiError extends Error {
  readonly code: UiErrorCode;
  constructor(code: UiErrorCode) {
    super(code);
    this.name = 'UiError';
    this.code = code;
  }
}

/** The API's own words when it explains a refusal (error.texts), else the text for the code. */
export function describeError(language: Language, error: unknown): string {
  if (isApiError(error) && error.texts) return error.texts[language];
  return errorText(language, uiErrorCode(error));
}

export function isSessionOver(error: unknown): boolean {
  return isApiError(error) && SESSION_OVER.has(error.code);
}

export function AppServicesProvider(props: { services: Services; language: Language; onSessionEnd: () => void; children: React.ReactNode }) {
  const { services, language, onSessionEnd } = props;
  const reportSessionEnd = useCallback(
    (error: unknown) => {
      if (!isSessionOver(error)) return false;
      onSessionEnd();
      return true;
    },
    [onSessionEnd],
  );
  const value = useMemo<AppContextValue>(
    () => ({ ...services, language, t: translator(language), describe: (error) => describeError(language, error), reportSessionEnd }),
    [services, language, reportSessionEnd],
  );
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>;
}

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside AppServicesProvider');
  return value;
}
