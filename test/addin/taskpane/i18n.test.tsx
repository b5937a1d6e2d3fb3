/** @jest-environment ./test/addin/taskpane/environment.ts */
/* eslint-disable @typescript-eslint/require-await -- the fakes answer as the async API they stand in for */
// Dutch first, English second: the language follows Outlook's display language (or the browser's),
// every text exists in both, and every error code the API can send has a Dutch text.
import { ERROR_STATUS, type ErrorCode } from '../../../shared/errors';
import { STEP_UP_PURPOSES } from '../../../shared/auth/step-up';
import { errorText, hasDutchText } from '../../../addin/i18n/errors';
import { isMessageKey, languageOf, translate, type MessageKey } from '../../../addin/i18n/messages';
import { press, PASSWORD, apiError, expectAccessible, fakeApi, harness, office, renderApp, screen, userEvent } from './helpers';

jest.setTimeout(30_000);

describe('language', () => {
  it('follows the display language: Dutch for nl-NL, nl-BE and anything not English; English for en-*', () => {
    expect(languageOf('nl-NL')).toBe('nl');
    expect(languageOf('nl-BE')).toBe('nl');
    expect(languageOf('fr-FR')).toBe('nl');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('EN-gb')).toBe('en');
  });

  it('shows the same screen in English when Outlook runs in English, and it passes axe', async () => {
    const h = harness();
    const { container } = renderApp(h, { host: { kind: 'outlook', displayLanguage: 'en-GB', dark: false }, office: office('j.smith@firm.example') });
    expect(await screen.findByRole('heading', { name: 'Check your e-mail address' })).toBeInTheDocument();
    expect(screen.getByText('Step 1 of 6')).toBeInTheDocument();
    expect(screen.getByText('This Outlook mailbox: j.smith@firm.example')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create account' })).toBeInTheDocument();
    expect(container.querySelector('[lang="en"]')).not.toBeNull();
    await expectAccessible(container);
  });

  it('uses the dark theme when Office is dark', async () => {
    const h = harness();
    const { container } = renderApp(h, { host: { kind: 'outlook', displayLanguage: 'nl-NL', dark: true } });
    await screen.findByRole('heading', { name: 'Controleer uw e-mailadres' });
    expect(container.querySelector('[lang="nl"]')).not.toBeNull();
    await expectAccessible(container);
  });

  it('gives password feedback and API errors in the display language', async () => {
    const user = userEvent.setup();
    const api = fakeApi({ register: async () => Promise.reject(apiError('RATE_LIMITED')) });
    const h = harness({ api });
    h.services.progress.save('register');
    renderApp(h, { host: { kind: 'browser', displayLanguage: 'en-US', dark: false } });
    await user.type(await screen.findByLabelText(/E-mail address/), 'someone@firm.example');
    await press(user, 'Next');
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Please wait and try again.');
  });

  it('switches password rule feedback between Dutch and English', async () => {
    const user = userEvent.setup();
    for (const [tag, short, ok] of [
      ['nl-NL', /Gebruik minstens 12 tekens/, 'Dit wachtwoord voldoet.'],
      ['en-US', /Use at least 12 characters/, 'This password meets the rules.'],
    ] as const) {
      const api = fakeApi({ register: async () => ({ status: 'verified', accountId: 'acct_0123456789abcdefghij', enrolmentToken: 'e'.repeat(43), invitation: { kind: 'lawyer' } }) });
      const h = harness({ api });
      const { unmount } = renderApp(h, { host: { kind: 'browser', displayLanguage: tag, dark: false }, office: office('a@b.nl'), fragment: { hash: `#invitation=${'i'.repeat(43)}`, clear: jest.fn() } });
      await press(user, tag === 'nl-NL' ? 'Verder' : 'Next');
      const field = await screen.findByLabelText(tag === 'nl-NL' ? /^Wachtwoord/ : /^Password/, { selector: 'input' });
      await user.type(field, 'kort');
      expect(await screen.findByText(short)).toBeInTheDocument();
      await user.clear(field);
      await user.type(field, PASSWORD);
      expect(await screen.findByText(ok)).toBeInTheDocument();
      unmount();
    }
  });
});

describe('texts', () => {
  it('has a Dutch text for every error code the API can send', () => {
    const missing = (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((code) => !hasDutchText(code));
    expect(missing).toEqual([]);
  });

  it('has English for every error code, the API’s own safe message', () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) expect(errorText('en', code)).not.toBe('');
    expect(errorText('en', 'LAST_FACTOR')).toBe('You cannot remove your only additional login method. Add another one first.');
    expect(errorText('nl', 'LAST_FACTOR')).toBe('Uw enige extra inlogmethode kunt u niet verwijderen. Voeg eerst een andere toe.');
  });

  it('names every step-up purpose in both languages', () => {
    for (const purpose of STEP_UP_PURPOSES) {
      const key = `purpose.${purpose}`;
      expect({ key, known: isMessageKey(key) }).toEqual({ key, known: true });
      expect(translate('nl', key as MessageKey)).not.toBe(translate('en', key as MessageKey));
    }
  });

  it('fills placeholders', () => {
    expect(translate('nl', 'stepOf', { n: 2, total: 6 })).toBe('Stap 2 van 6');
    expect(translate('en', 'signedInAs', { email: 'a@b.nl' })).toBe('Logged in as a@b.nl');
  });
});
