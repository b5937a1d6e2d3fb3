// Journey 1 as a reusable flow: a lawyer from the bar register opens the invitation from the outbox in
// the Outlook pane and onboards through every step to an active court connection. Other journeys
// start from its end: a signed-in pane, the authenticator app, the codes that were shown once.
import { expect } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Language } from '../../../addin/i18n/messages';
import { newJourney, openInOutlook, type Journey } from './browser';
import { extract, type Outboxes } from './outboxes';
import { authenticatorApp, type Authenticator } from './authenticator';
import type { ScreenRecorder } from './screens';
import { pane, type Pane } from './pane';

export interface Lawyer {
  number: string;
  name: string;
  email: string;
  password: string;
}

export interface Onboarded {
  journey: Journey;
  page: Page;
  pane: Pane;
  app: Authenticator;
  recoveryCode: string;
  backupCodes: string[];
}

/** `upstream`: where the server listens when the browser reaches it at another origin (browser.ts). */
export async function onboardFromInvitation(options: { browser: Browser; origin: string; upstream?: string; mail: Outboxes; lawyer: Lawyer; language: Language; displayLanguage: string; screens: ScreenRecorder }): Promise<Onboarded> {
  const { browser, origin, mail, lawyer, language, displayLanguage, screens } = options;
  const invitation = await mail.mail({ to: lawyer.email, kind: 'invitation' });
  const link = extract(invitation.text, /(https?:\/\/\S+\/app#invitation=[A-Za-z0-9_-]+)/, 'invitation link');
  expect(new URL(link).origin).toBe(origin);

  const journey = await newJourney(browser, origin, { locale: displayLanguage, ...(options.upstream ? { upstream: options.upstream } : {}) });
  // The lawyer reads the invitation in Outlook and opens the link in the pane (/app serves the pane's page).
  const page = await openInOutlook(journey, link, {
    displayLanguage,
    mailbox: { emailAddress: lawyer.email, displayName: lawyer.name },
    item: { mode: 'read', from: { emailAddress: extract(invitation.from, /<([^>]+)>/, 'sender'), displayName: 'Zegel' }, to: [lawyer.email], subject: invitation.subject, body: { text: invitation.text } },
  });
  const p = pane(page, language);

  await p.heading('registerTitle');
  await page.getByText(p.t('invitationFound')).waitFor();
  expect(await p.field('emailLabel').inputValue()).toBe(lawyer.email);
  await screens.capture(page, 'register-from-invitation');
  await p.press('registerSubmit');

  await p.heading('passwordTitle');
  await p.fill('passwordLabel', lawyer.password);
  await page.getByText(p.t('passwordOk')).waitFor();
  await screens.capture(page, 'choose-password');
  await p.press('activateSubmit');

  await p.heading('recoveryTitle');
  const [shownRecovery] = await p.shownCodes('recoveryCodeCaption');
  const kept = await p.download();
  expect(shownRecovery).toBeTruthy();
  expect(kept).toContain(shownRecovery);
  await screens.capture(page, 'recovery-code');
  await p.keep('keptRecoveryCode');

  await p.heading('secondFactorTitle');
  await screens.capture(page, 'second-factor-choice');
  await p.press('start');
  await page.getByText(p.t('manualSecret')).waitFor();
  const secret = (await page.getByText(p.t('manualSecret')).locator('xpath=following-sibling::*[1]').textContent()) ?? '';
  const app = authenticatorApp(secret);
  await screens.capture(page, 'authenticator-app');
  await p.fill('appCodeLabel', await app.next());
  await p.press('confirmApp');

  await p.heading('backupTitle');
  const backupCodes = await p.shownCodes('backupCodesCaption');
  expect(backupCodes.length).toBeGreaterThanOrEqual(5);
  await screens.capture(page, 'backup-codes');
  await p.keep('keptBackupCodes');

  await p.heading('linkTitle');
  await p.fill('numberLabelLawyer', lawyer.number);
  await p.fill('confirmNumberLabelLawyer', lawyer.number);
  await screens.capture(page, 'link-number');
  await p.press('linkSubmit');
  await p.heading('stepUpTitle');
  await p.fill('currentPasswordLabel', lawyer.password);
  await p.fill('appCodeLabel', await app.next());
  await screens.capture(page, 'step-up');
  await p.press('confirm');

  await p.heading('doneTitle');
  await page.getByText(p.t('courtConnectionActive')).waitFor();
  await page.getByText(p.t('invitationLawyer')).waitFor();
  await screens.capture(page, 'connection-active');
  await p.press('toZegel');
  await page.getByText(p.t('signedInAs', { email: lawyer.email })).waitFor();
  await screens.capture(page, 'home');

  expect(journey.pageErrors).toEqual([]);
  expect(journey.refused).toEqual([]);
  return { journey, page, pane: p, app, recoveryCode: shownRecovery!, backupCodes };
}
