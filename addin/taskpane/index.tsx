// Entry of the taskpane app: waits for Office.js (or finds it absent in a plain browser), creates the
// real API client for the same origin, and renders. The refresh token is handed to sessionStorage
// as it rotates (see README.md); the access token never leaves the client's memory.
import { createRoot } from 'react-dom/client';
import { FluentProvider, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { App } from './App';
import { browserFragment } from './capabilities';
import { GuestReader, createGuestHttpApi, isGuestFragment } from '../guest';
import { languageOf } from '../i18n/messages';
import { detectHost } from '../office/host';
import { isComposing, mailboxAddress } from '../office/pane';
import { officeCompose } from '../secure-send/office-compose';
import { getReadItem } from '../office/read';
import { createApiClient } from '../api/client';
import { sessionStore } from '../state/session-store';
import { browserStorage } from '../state/storage';

const container = document.getElementById('root');
if (container) {
  const sessions = sessionStore(browserStorage('sessionStorage'));
  const api = createApiClient({
    fetch: (input, init) => window.fetch(input, init),
    onSessionChange: (session) => (session ? sessions.rotate(session.refreshToken) : sessions.clear()),
  });
  void detectHost().then((host) => {
    // A recipient without an account opens the sender's link: the guest reader, no login. It reads
    // the fragment before anything else could clear it, and clears it once read.
    if (isGuestFragment(window.location.hash)) {
      const language = languageOf(host.displayLanguage);
      createRoot(container).render(
        <FluentProvider theme={host.dark ? webDarkTheme : webLightTheme} lang={language}>
          <GuestReader fragment={window.location.hash} language={language} api={createGuestHttpApi({ fetch: (input, init) => window.fetch(input, init) })} clearFragment={browserFragment().clear} />
        </FluentProvider>,
      );
      return;
    }
    // Inside Outlook the Office adapters answer (and, on a draft, Secure send's compose adapters);
    // outside it the app runs as the web app, without Office.
    const office =
      host.kind === 'outlook'
        ? { mailboxAddress, compose: isComposing() ? officeCompose() : null, readItemBody: () => getReadItem().then((item) => item?.bodyHtml ?? null) }
        : undefined;
    createRoot(container).render(<App host={host} api={api} services={{ sessions }} {...(office ? { office } : {})} />);
  });
}
