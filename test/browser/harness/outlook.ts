// Outlook's part of sending: the lawyer presses Send on a draft, Outlook's event runtime loads
// commands.html (the built send-event bundle) and raises OnMessageSend; when the Smart Alert dialog
// offers Secure send, its button opens the pane on the same draft.
import type { Page } from 'playwright-core';
import { hostConfig, type PaneOptions } from './browser';

export interface SendAttempt {
  sent: boolean;
  dialog: string | null;
  message: string | null;
  button: string | null;
  panes: { commandId: string; via: string }[];
  problems: string[];
}

/** Presses Send in the simulated Outlook and, when the dialog offers it, the Secure send button. */
export async function pressSendInOutlook(page: Page): Promise<SendAttempt> {
  await page.waitForFunction('window.__officeHost && window.__officeHost.associated().length > 0');
  return page.evaluate<SendAttempt>(`(async () => {
    const host = window.__officeHost;
    const outcome = await host.user.send();
    const dialog = outcome.dialog;
    if (dialog && dialog.takeAction) dialog.takeAction();
    return {
      sent: outcome.sent,
      dialog: dialog ? dialog.kind : null,
      message: dialog && dialog.message !== undefined ? dialog.message : null,
      button: dialog && dialog.button !== undefined ? dialog.button : null,
      panes: host.openedPanes().map((p) => ({ commandId: p.commandId, via: p.via })),
      problems: host.problems(),
    };
  })()`);
}

/** Loads `url` in the pane's tab again (it keeps the session), with Outlook now holding `options.item`. */
export async function reopenPane(page: Page, url: string, options: PaneOptions): Promise<void> {
  // Init scripts run in the order added: this configuration replaces the earlier ones.
  await page.addInitScript((config) => {
    (window as unknown as { __officeHostConfig: unknown }).__officeHostConfig = config;
  }, hostConfig(options));
  await page.goto(url);
}

/** Loads the pane in `page` (the tab that keeps the session) as the Smart Alert's button opens it on the draft. */
export async function openPaneFromAlert(page: Page, origin: string, options: PaneOptions): Promise<void> {
  await reopenPane(page, `${origin}/taskpane.html`, { ...options, item: { ...options.item, initializationContext: JSON.stringify({ zegel: 'smart-alert' }) } });
}
