// Entry of the taskpane app: waits for Office.js (or finds it absent in a plain browser), creates the
// real API client for the same origin, and renders. The refresh token is handed to sessionStorage
// as it rotates (see README.md); the access token never leaves the client's memory.
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { detectHost } from '../office/host';
import { isComposing, mailboxAddress } from '../office/pane';
import { officeCompose } from '../secure-send/office-compose';
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
    // Inside Outlook the Office adapters answer (and, on a draft, Secure send's compose adapters);
    // outside it the app runs as the web app, without Office.
    const office = host.kind === 'outlook' ? { mailboxAddress, compose: isComposing() ? officeCompose() : null } : undefined;
    createRoot(container).render(<App host={host} api={api} services={{ sessions }} {...(office ? { office } : {})} />);
  });
}
