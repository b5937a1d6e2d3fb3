// Roaming settings and requirement checks against the Office.js simulator, and outside Outlook.
import { isSetSupported, hasMailbox } from '../../../addin/office/requirements';
import { roamingGet, roamingRemove, roamingSet } from '../../../addin/office/settings';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';

describe('inside Outlook', () => {
  let host: OfficeHostControl;
  beforeAll(() => {
    host = loadOfficeHost();
  });
  beforeEach(() => host.reset());
  afterAll(unloadOfficeHost);

  it('reads, sets and saves roaming settings as JSON', async () => {
    host.setRoamingSettings({ 'zegel.language': 'nl' });
    expect(roamingGet('zegel.language')).toBe('nl');
    expect(roamingGet('zegel.missing')).toBeUndefined();
    await roamingSet('zegel.lastPrincipal', { id: 'p1', at: new Date('2025-03-01T10:00:00Z') });
    expect(host.roamingSettings().saved['zegel.lastPrincipal']).toEqual({ id: 'p1', at: '2025-03-01T10:00:00.000Z' });
    await roamingRemove('zegel.language');
    expect(host.roamingSettings().saved).not.toHaveProperty('zegel.language');
  });

  it('rejects when the settings cannot be saved, keeping them in memory', async () => {
    host.failNext('roamingSettings.saveAsync', 'NetworkError');
    await expect(roamingSet('k', 1)).rejects.toEqual(expect.objectContaining({ officeName: 'NetworkError' }));
    expect(roamingGet('k')).toBe(1);
    expect(host.roamingSettings().saved).toEqual({});
  });

  it('refuses settings beyond 32 KB', async () => {
    await expect(roamingSet('big', 'x'.repeat(33 * 1024))).rejects.toThrow(/32KB/);
  });

  it('checks Mailbox requirement sets against the client', () => {
    host.configure({ maxMailboxVersion: '1.13' });
    expect(hasMailbox()).toBe(true);
    expect(isSetSupported('1.12')).toBe(true);
    expect(isSetSupported('1.13')).toBe(true);
    expect(isSetSupported('1.14')).toBe(false);
  });
});

describe('outside Outlook (the web app)', () => {
  it('has no mailbox, no requirement sets and no settings', () => {
    expect(hasMailbox()).toBe(false);
    expect(isSetSupported('1.1')).toBe(false);
    expect(roamingGet('anything')).toBeUndefined();
  });
});
