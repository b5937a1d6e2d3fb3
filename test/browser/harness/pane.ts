// What a person does in the taskpane, step by step, found by role and visible text in the language
// the pane shows (the app's own message table), so the same steps run in Dutch and in English.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { RESULTS_DIR, ROOT } from './server';
import { translator, type Language, type MessageKey } from '../../../addin/i18n/messages';

const STEP_TIMEOUT_MS = 60_000;
const FAILURES_DIR = path.join(RESULTS_DIR, 'screens', 'failures');

export interface Pane {
  page: Page;
  language: Language;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** Waits for the screen with this heading (h1, or a dialog's title). */
  heading(key: MessageKey): Promise<Locator>;
  button(key: MessageKey): Locator;
  field(key: MessageKey): Locator;
  /** Clicks a button once it is enabled (it may be busy with Argon2id or the API first). */
  press(key: MessageKey): Promise<void>;
  fill(key: MessageKey, value: string): Promise<void>;
  /** Ticks the "I have kept it" box of a shown-once screen and goes on. */
  keep(keptKey: MessageKey, continueKey?: MessageKey): Promise<void>;
  /** The codes of a shown-once list, as shown. */
  shownCodes(captionKey: MessageKey): Promise<string[]>;
  /** Presses the download button of a shown-once screen and returns the saved file's text. */
  download(): Promise<string>;
  /** Fails when an error bar is showing, with its text. */
  expectNoError(): Promise<void>;
}

/** The headings and error texts on screen, and a picture of it, for a journey that went astray. */
async function whatIsShown(page: Page): Promise<string> {
  const headings = await page.getByRole('heading').allTextContents();
  const alerts = await page.locator('[role="alert"]').allTextContents();
  fs.mkdirSync(FAILURES_DIR, { recursive: true });
  const file = path.join(FAILURES_DIR, `${Date.now()}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return `headings [${headings.join(' | ')}], errors [${alerts.join(' | ')}]; screenshot ${path.relative(ROOT, file)}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function pane(page: Page, language: Language): Pane {
  const t = translator(language);
  const button = (key: MessageKey) => page.getByRole('button', { name: t(key), exact: true });
  // A required Field's label ends in an asterisk; a radio may carry the same words as a field.
  const field = (key: MessageKey) => page.getByLabel(new RegExp(`^${escapeRegExp(t(key))}\\s*\\*?$`)).and(page.locator('input:not([type=radio]):not([type=checkbox]), textarea'));
  const api: Pane = {
    page,
    language,
    t,
    async heading(key) {
      const heading = page.getByRole('heading', { name: t(key), exact: true });
      try {
        await heading.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      } catch (err) {
        throw new Error(`"${t(key)}" did not appear: ${await whatIsShown(page)}`, { cause: err });
      }
      return heading;
    },
    button,
    field,
    async press(key) {
      // Playwright's click waits until the button is visible, stable and enabled.
      await button(key).click({ timeout: STEP_TIMEOUT_MS });
    },
    async fill(key, value) {
      await field(key).fill(value);
    },
    async keep(keptKey, continueKey = 'continue') {
      await page.getByRole('checkbox', { name: t(keptKey), exact: true }).check();
      await api.press(continueKey);
    },
    async shownCodes(captionKey) {
      const list = page.getByRole('list', { name: t(captionKey), exact: true });
      return (await list.getByRole('listitem').allTextContents()).map((s) => s.trim());
    },
    async download() {
      const [saved] = await Promise.all([page.waitForEvent('download'), button('download').click()]);
      const file = await saved.path();
      return fs.readFileSync(file, 'utf8');
    },
    async expectNoError() {
      const alerts = page.locator('[role="alert"]');
      if ((await alerts.count()) > 0) throw new Error(`the pane shows an error: ${(await alerts.allTextContents()).join(' | ')}`);
    },
  };
  return api;
}
