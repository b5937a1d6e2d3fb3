// Debian's chromium driven by playwright-core (never a downloaded browser). Every page gets Zegel's
// Office host simulator in place of Microsoft's CDN office.js — the page keeps its CDN script tag and
// the request is answered from test/office-host/office.js — and any other request that leaves this
// machine is refused and recorded, so a journey also proves the pane needs nothing from outside.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { readManifestFacts, type HostSettings, type ItemSpec } from '../../office-host/load';
import { ROOT } from './server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_STAND_IN = path.join(ROOT, 'test/office-host/office.js');
// As root in a container: no sandbox; no background traffic to Google on a closed network.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium is not at ${CHROMIUM}: run scripts/ensure-chromium.sh (npm test does)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface Journey {
  context: BrowserContext;
  /** Requests to other hosts that were refused (the CDN office.js excepted). */
  refused: string[];
  /** Uncaught errors in any page of the journey. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser profile for one person: its own localStorage, sessionStorage and downloads. With
 * `upstream`, `origin` is Zegel's public https origin (the one the add-in build and the server's
 * PUBLIC_BASE_URL name) and its requests are answered by the server at `upstream`, as a TLS-ending
 * proxy in front of Zegel would: the page stays a secure context without a certificate to trust.
 */
export async function newJourney(browser: Browser, origin: string, options: { locale?: string; upstream?: string; viewport?: { width: number; height: number } } = {}): Promise<Journey> {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-downloads-'));
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 420, height: 860 }, deviceScaleFactor: 1, locale: options.locale ?? 'nl-NL', acceptDownloads: true });
  const refused: string[] = [];
  const pageErrors: string[] = [];
  const own = new URL(origin).host;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS_URL) {
      await route.fulfill({ path: OFFICE_JS_STAND_IN, contentType: 'text/javascript; charset=utf-8' });
      return;
    }
    const parsed = new URL(url);
    if (options.upstream && parsed.host === own) {
      const response = await route.fetch({ url: `${options.upstream}${parsed.pathname}${parsed.search}`, maxRedirects: 0 });
      await route.fulfill({ response });
      return;
    }
    if (parsed.host === own || parsed.protocol === 'data:' || parsed.protocol === 'blob:') {
      await route.continue();
      return;
    }
    refused.push(url);
    await route.abort('blockedbyclient');
  });
  context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
  return {
    context,
    refused,
    pageErrors,
    async close() {
      await context.close();
      fs.rmSync(downloads, { recursive: true, force: true });
    },
  };
}

export interface PaneOptions {
  /** Outlook's display language, e.g. 'nl-NL' or 'en-US'. */
  displayLanguage: string;
  mailbox: { emailAddress: string; displayName: string };
  item?: ItemSpec;
  settings?: Partial<HostSettings>;
}

/** The simulator's start state for a page (window.__officeHostConfig), with the manifest's facts. */
export function hostConfig(options: PaneOptions): Record<string, unknown> {
  const facts = readManifestFacts();
  return {
    launchEvents: facts.launchEvents,
    commandIds: facts.commandIds,
    iconIds: facts.iconIds,
    permission: facts.permission,
    displayLanguage: options.displayLanguage,
    userProfile: { ...options.mailbox, timeZone: 'W. Europe Standard Time', accountType: 'enterprise' },
    ...(options.item ? { item: options.item } : {}),
    ...options.settings,
  };
}

/** Opens a page of the add-in inside the simulated Outlook (taskpane.html, or the link from a mail). */
export async function openInOutlook(journey: Journey, url: string, options: PaneOptions): Promise<Page> {
  const page = await journey.context.newPage();
  await page.addInitScript((config) => {
    (window as unknown as { __officeHostConfig: unknown }).__officeHostConfig = config;
  }, hostConfig(options));
  await page.goto(url);
  return page;
}

/**
 * Opens a page in a plain browser tab, outside Outlook: the page's CDN office.js still loads, and as
 * Microsoft's does outside an Office host, Office.onReady reports no host.
 */
export async function openInBrowser(journey: Journey, url: string): Promise<Page> {
  const page = await journey.context.newPage();
  await page.addInitScript(() => {
    (window as unknown as { __officeHostConfig: unknown }).__officeHostConfig = { host: null, platform: null };
  });
  await page.goto(url);
  return page;
}
