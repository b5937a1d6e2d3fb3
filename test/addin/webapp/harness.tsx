// Shared by the web app tests: the real API in this process, listening on loopback, with users taken
// through onboarding and the court unit whose key a clerk's client made; the web app's real fetch
// client for a user (optionally dropping chosen requests, as a cut connection does); <WebApp> rendered
// as the taskpane will mount it; jest-axe; and a recorder standing in for the browser's file download.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { act, cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe, toHaveNoViolations } from 'jest-axe';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, type OnboardedUser } from '../../helpers/onboarding';
import { organisationsRepository } from '../../../api/organisations/repository';
import { createUnitKey, wrapUnitKeyFor, type UnitKey } from '../../../shared/crypto/organisation-keys';
import { createWebAppHttpApi } from '../../../addin/webapp/http';
import { WebApp, type WebAppProps } from '../../../addin/webapp/WebApp';
import type { DownloadFile } from '../../../addin/webapp/context';
import type { WebAppApi } from '../../../addin/webapp/types';
import type { FingerprintMemory } from '../../../shared/keys/trust';
import '../taskpane/matchers';

expect.extend(toHaveNoViolations);
// Real OpenPGP, pdf-lib and the database run inside these flows; give them time on a busy machine.
configure({ asyncUtilTimeout: 30_000 });

afterEach(() => {
  cleanup();
  (window as unknown as { __tabsterInstance?: { dispose(): void } }).__tabsterInstance?.dispose();
});

export { act, screen, userEvent, waitFor, within, request, bearer };

export const GRIFFIE = 'griffie@rechtspraak.nl';

export async function expectAccessible(container: Element = document.body): Promise<void> {
  // Colour contrast cannot be computed in jsdom.
  expect(await axe(container, { rules: { 'color-contrast': { enabled: false } } })).toHaveNoViolations();
}

export interface Court {
  unitId: string;
  unitKey: UnitKey;
}

export interface RunningApi {
  api: TestApi;
  base: string;
  clock: { now(): Date; advance(seconds: number): void };
  close(): Promise<void>;
}

/**
 * The whole API on the embedded engine, listening on a loopback port for the web app's fetch. Its
 * clock starts an hour behind this machine's and moves only when a test moves it (TOTP steps), so
 * receipts it signs are never "from the future" for the verifier in the browser.
 */
export async function startServer(): Promise<RunningApi> {
  let now = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);
  const clock = { now: () => now, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
  const api = await startTestApi({ now: clock.now });
  const server: Server = api.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    api,
    base,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.close();
    },
  };
}

export function user(running: RunningApi, email: string): Promise<OnboardedUser> {
  return onboard(running.api, { email, clock: running.clock });
}

/** The Rechtspraak on the platform: one unit whose key the clerk's client made and wrapped to her. */
export async function setUpCourt(running: RunningApi, clerk: OnboardedUser): Promise<Court> {
  const orgs = organisationsRepository(running.api.database.db, running.api.database.durable);
  await orgs.upsertOrganisation({ id: 'rechtspraak', name: 'De Rechtspraak', domains: ['rechtspraak.nl'] });
  const unit = await orgs.addUnit({ orgId: 'rechtspraak', name: 'Griffie Amsterdam', addresses: [GRIFFIE], isDefault: true });
  const member = await orgs.addMember({ unitId: unit._id, accountId: clerk.accountId, role: 'clerk-admin' });
  const unitKey = await createUnitKey({ unitName: 'Griffie Amsterdam' });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: unitKey.privateKey, memberPublicKey: clerk.keys.publicKey, signingKey: clerk.keys.privateKey });
  const published = await request(running.api.app)
    .post(`/api/organisations/units/${unit._id}/key`)
    .set(...bearer(await clerk.token()))
    .send({ version: 1, publicKey: unitKey.armoredPublicKey, fingerprint: unitKey.fingerprint, wraps: [{ memberId: member._id, wrapped: wrap.wrapped }] });
  if (published.status !== 200) throw new Error(`unit key: ${published.status}`);
  return { unitId: unit._id, unitKey };
}

export type Drop = (url: string, init?: RequestInit) => boolean;

/**
 * An access token for the user, as the taskpane's client keeps one: reused until the server refuses
 * it, then refreshed once (concurrent requests share that refresh; a refresh token used twice ends
 * the session).
 */
function tokenSource(who: OnboardedUser): (rejected?: string) => Promise<string> {
  let current: Promise<string> | null = null;
  return async (rejected) => {
    if (current && rejected !== undefined && (await current.catch(() => null)) === rejected) current = null;
    current ??= who.token();
    return current;
  };
}

const sources = new WeakMap<OnboardedUser, (rejected?: string) => Promise<string>>();

/**
 * The web app's real client for a user; `drop` says which requests never reach the server, `lose` which
 * reach it and are handled but whose answer is lost on the way back (a connection cut after the request).
 */
export function clientFor(running: RunningApi, who: OnboardedUser, drop: Drop = () => false, lose: Drop = () => false): WebAppApi & { calls: { method: string; url: string }[] } {
  const calls: { method: string; url: string }[] = [];
  const fetchThrough: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ method: init?.method ?? 'GET', url });
    if (drop(url, init)) throw new TypeError('network down');
    const answer = await fetch(input, init);
    if (!lose(url, init)) return answer;
    await answer.arrayBuffer();
    throw new TypeError('network down');
  };
  const source = sources.get(who) ?? tokenSource(who);
  sources.set(who, source);
  return Object.assign(createWebAppHttpApi({ fetch: fetchThrough, baseUrl: running.base, accessToken: source }), { calls });
}

export function memoryFingerprints(): FingerprintMemory & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return { entries, get: (a) => entries.get(a), set: (a, f) => void entries.set(a, f) };
}

/** Stands in for the browser download: records name, type and the bytes a user would get. */
export function downloads() {
  const files: DownloadFile[] = [];
  const download = jest.fn((file: DownloadFile) => void files.push(file));
  async function bytesOf(file: DownloadFile): Promise<Uint8Array> {
    return new Uint8Array(await new Blob(file.pieces as BlobPart[]).arrayBuffer());
  }
  return { files, download, bytesOf };
}

export function renderWebApp(props: Partial<WebAppProps> & Pick<WebAppProps, 'api' | 'keys' | 'account' | 'receiptIssuer'>) {
  return render(
    <FluentProvider theme={webLightTheme}>
      <main>
        <WebApp language="nl" courtKeyPins={[]} fingerprintMemory={memoryFingerprints()} retryDelaysMs={[0]} sleep={() => Promise.resolve()} {...props} />
      </main>
    </FluentProvider>,
  );
}

export function keysOf(who: OnboardedUser) {
  return { accountId: who.accountId, privateKey: who.keys.privateKey, publicKey: who.keys.publicKey, fingerprint: who.keys.fingerprint };
}

/** Clicks a button once it is enabled. */
export async function press(u: ReturnType<typeof userEvent.setup>, name: string | RegExp, container: HTMLElement = document.body): Promise<void> {
  const button = await within(container).findByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  await u.click(button);
}
