// Fakes and helpers for the taskpane tests: a fake ApiClient whose every call is a jest.fn (unexpected
// calls fail loudly), fake Office capabilities and file actions, memory storage, the real crypto with
// TEST_KDF_PARAMS (never the production defaults weakened), jest-axe, and a client-side account fixture.
import { act, cleanup, configure, render, screen, waitFor, within, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe, toHaveNoViolations } from 'jest-axe';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { App, type AppProps } from '../../../addin/taskpane/App';
import { AppServicesProvider, type SecureSendServices, type Services } from '../../../addin/taskpane/services';
import { storedFingerprintMemory } from '../../../addin/state/fingerprint-memory';
import type { SecureSendApi } from '../../../addin/secure-send/types';
import type { WebAppApi } from '../../../addin/webapp/types';
import { StepUpProvider } from '../../../addin/taskpane/components/StepUpDialog';
import { ApiError, type ApiClient, type ErrorCode, type IssuedSession } from '../../../addin/api/types';
import { createAccountCrypto, type AccountCrypto } from '../../../addin/state/account-crypto';
import { passwordRules } from '../../../addin/state/password-rules';
import { memoryKeyVault } from '../../../addin/state/key-vault';
import { progressStore } from '../../../addin/state/onboarding-progress';
import { sessionStore } from '../../../addin/state/session-store';
import { memoryStorage, type KeyValueStorage } from '../../../addin/state/storage';
import type { FileActions, LocationFragment, OfficeCapabilities } from '../../../addin/taskpane/capabilities';
import { TEST_KDF_PARAMS } from '../../../shared/crypto/kdf';
import { ERROR_MESSAGE, ERROR_STATUS } from '../../../shared/errors';

import './matchers';

expect.extend(toHaveNoViolations);
// Real Argon2id and OpenPGP run inside these flows; give them time on a busy CI machine.
configure({ asyncUtilTimeout: 10_000 });

// Fluent's focus manager (tabster) keeps one instance per window, and in jsdom the window outlives a
// test: a modal that was active when a test ended would still count as active in the next one and
// hide that test's dialogs. Start every test with a fresh instance.
afterEach(() => {
  cleanup();
  (window as unknown as { __tabsterInstance?: { dispose(): void } }).__tabsterInstance?.dispose();
});

export { screen, userEvent };

/** Every screen must pass axe (colour contrast cannot be computed in jsdom). */
export async function expectAccessible(container: Element = document.body): Promise<void> {
  expect(await axe(container, { rules: { 'color-contrast': { enabled: false } } })).toHaveNoViolations();
}

/**
 * A dialog, ready for the keyboard. In a browser Fluent moves focus to the dialog's first control as
 * it opens and tabster then makes it the active modal. In jsdom tabster registers the modal only
 * after that first focus, and would leave the new dialog aria-hidden; focusing its first control
 * again (as a user tabbing in would) activates it.
 */
export async function openDialog(name: string, role: 'dialog' | 'alertdialog' = 'dialog'): Promise<HTMLElement> {
  // A plain selector: *ByRole walks every element's computed style, which is slow on Fluent's DOM.
  const dialog = await waitFor(() => {
    const found = [...document.querySelectorAll<HTMLElement>(`[role="${role}"]`)].find((d) => document.getElementById(d.getAttribute('aria-labelledby') ?? '')?.textContent === name);
    if (!found) throw new Error(`no ${role} named ${name}`);
    return found;
  });
  await waitFor(() => expect(dialog.querySelector('input, button')).not.toBeNull());
  await act(async () => {
    dialog.querySelector<HTMLElement>('input, button')?.focus();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  await waitFor(() => expect(dialog.closest('[aria-hidden="true"]')).toBeNull());
  return dialog;
}

/** Clicks a button once it is enabled (buttons are disabled while an action runs or a form is incomplete). */
export async function press(user: ReturnType<typeof userEvent.setup>, name: string | RegExp, container: HTMLElement = document.body): Promise<void> {
  const { findByRole } = within(container);
  const button = await findByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  await user.click(button);
}

export type FakeApi = { [K in keyof ApiClient]: jest.Mock<ReturnType<ApiClient[K]>, Parameters<ApiClient[K]>> };

/** A fake client: every method fails the test unless the test gives it an answer. */
export function fakeApi(overrides: Partial<{ [K in keyof ApiClient]: ApiClient[K] }> = {}): FakeApi {
  const names: (keyof ApiClient)[] = [
    'hasSession', 'resumeSession', 'forgetSession', 'register', 'verifyAddress', 'activate', 'prelogin', 'login', 'completeLogin', 'sendLoginSms',
    'refresh', 'logout', 'logoutEverywhere', 'listSessions', 'endSession', 'me', 'twoFactorStatus', 'startTotp', 'confirmTotp', 'startSms',
    'confirmSms', 'removeFactor', 'regenerateBackupCodes', 'stepUp', 'sendStepUpSms', 'changePassword', 'replaceRecoveryCode', 'startRecovery',
    'sendRecoverySms', 'verifyRecovery', 'completeRecovery', 'professionalStatus', 'linkProfessionalNumber', 'accessToken',
    'lookupDelegate', 'grantDelegation', 'listDelegations', 'acceptDelegation', 'revokeDelegation', 'delegationSettings', 'updateDelegationSettings',
  ];
  const api = {} as Record<string, jest.Mock>;
  for (const name of names) {
    api[name] = jest.fn((..._args: unknown[]) => {
      throw new Error(`unexpected API call: ${name}`);
    });
  }
  api.forgetSession = jest.fn();
  api.hasSession = jest.fn(() => false);
  for (const [name, impl] of Object.entries(overrides)) api[name] = jest.fn(impl as (...args: unknown[]) => unknown);
  return api as unknown as FakeApi;
}

export function apiError(code: ErrorCode): ApiError {
  return new ApiError({ code, message: ERROR_MESSAGE[code], status: ERROR_STATUS[code] });
}

export function session(stage: 'setup' | 'full', refreshToken = `refresh-${stage}-${Math.random().toString(36).slice(2)}`): IssuedSession {
  return { sessionId: `sid-${stage}`, stage, accessToken: `access-${stage}`, accessTokenExpiresIn: 300, refreshToken, absoluteExpiresAt: '2026-11-28T21:00:00.000Z' };
}

let crypto: AccountCrypto | undefined;
/** The real client crypto, cheap: TEST_KDF_PARAMS as cost and as the (test-only) floor. */
export function testCrypto(): AccountCrypto {
  crypto ??= createAccountCrypto({ kdfCost: TEST_KDF_PARAMS, floor: TEST_KDF_PARAMS });
  return crypto;
}

export interface Harness {
  api: FakeApi;
  files: { download: jest.Mock; print: jest.Mock } & FileActions;
  local: KeyValueStorage;
  session: KeyValueStorage;
  services: Omit<Services, 'api' | 'office'>;
}

/** Secure send's parts for screens that must not use them: every API call fails the test. */
export function unusedSecureSend(local: KeyValueStorage = memoryStorage()): SecureSendServices {
  const api = new Proxy({} as SecureSendApi, {
    get: (_target, name) => () => {
      throw new Error(`unexpected Secure send call: ${String(name)}`);
    },
  });
  return { api, courtKeyPins: [], receiptIssuer: 'https://zegel.test', fingerprintMemory: (accountId) => storedFingerprintMemory(local, accountId) };
}

/** The web app's API for screens that must not use it: every call fails the test. */
export function unusedWebApp(): WebAppApi {
  return new Proxy({} as WebAppApi, {
    get: (_target, name) => () => {
      throw new Error(`unexpected web app call: ${String(name)}`);
    },
  });
}

export function harness(options: { api?: FakeApi; local?: KeyValueStorage; session?: KeyValueStorage; secureSend?: SecureSendServices; webApp?: WebAppApi } = {}): Harness {
  const local = options.local ?? memoryStorage();
  const sessionStorage = options.session ?? memoryStorage();
  const files = { download: jest.fn(), print: jest.fn() };
  return {
    api: options.api ?? fakeApi(),
    files,
    local,
    session: sessionStorage,
    services: {
      files,
      loadCrypto: () => Promise.resolve(testCrypto()),
      loadPasswordRules: () => Promise.resolve(passwordRules),
      vault: memoryKeyVault(),
      progress: progressStore(local),
      sessions: sessionStore(sessionStorage),
      secureSend: options.secureSend ?? unusedSecureSend(local),
      webApp: options.webApp ?? unusedWebApp(),
    },
  };
}

export function office(address: string | null): OfficeCapabilities {
  return { mailboxAddress: () => address };
}

export function fragment(hash = ''): LocationFragment & { clear: jest.Mock } {
  return { hash, clear: jest.fn() };
}

export function renderApp(h: Harness, props: Partial<AppProps> = {}): RenderResult {
  return render(
    <App
      host={{ kind: 'browser', displayLanguage: 'nl-NL', dark: false }}
      api={h.api}
      services={h.services}
      fragment={fragment()}
      {...props}
    />,
  );
}

/** One screen with the app's providers, inside a <main> landmark like in the app. */
export function renderScreen(h: Harness, ui: React.ReactNode, options: { language?: 'nl' | 'en'; office?: OfficeCapabilities; onSessionEnd?: () => void } = {}): RenderResult {
  return render(
    <FluentProvider theme={webLightTheme}>
      <AppServicesProvider
        services={{ ...h.services, api: h.api, office: options.office ?? office(null) }}
        language={options.language ?? 'nl'}
        onSessionEnd={options.onSessionEnd ?? (() => undefined)}
      >
        <StepUpProvider>
          <main>{ui}</main>
        </StepUpProvider>
      </AppServicesProvider>
    </FluentProvider>,
  );
}

/** A client-side account as the server would hold it: made with the real crypto, with its password. */
export async function accountFixture(options: { accountId?: string; password?: string } = {}) {
  const accountId = options.accountId ?? 'acct_0123456789abcdefghij';
  const password = options.password ?? 'een lang en goed wachtwoord';
  const prepared = await testCrypto().prepareActivation({ accountId, password });
  return { accountId, password, ...prepared };
}

export const PASSWORD = 'Lange zin voor het hof, 2026 ✓';
