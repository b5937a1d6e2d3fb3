// detectHost: Outlook (with the simulator) or a plain browser.
import { detectHost } from '../../../addin/office/host';
import { loadOfficeHost, unloadOfficeHost } from '../../office-host/load';

afterEach(unloadOfficeHost);

it('finds Outlook, its display language and a dark theme', async () => {
  loadOfficeHost({ displayLanguage: 'en-GB', officeTheme: { bodyBackgroundColor: '#1f1f1f' } });
  await expect(detectHost()).resolves.toEqual({ kind: 'outlook', displayLanguage: 'en-GB', dark: true });
});

it('is a browser app when Office.js is absent', async () => {
  const host = await detectHost();
  expect(host.kind).toBe('browser');
});

it('is a browser app when Office.js loads in another host', async () => {
  loadOfficeHost({ host: 'Word' });
  await expect(detectHost()).resolves.toEqual(expect.objectContaining({ kind: 'browser' }));
});
