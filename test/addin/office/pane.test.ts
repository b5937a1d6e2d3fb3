// Where the pane runs and why it was opened, against the Office.js simulator.
import { onRecipientsChanged } from '../../../addin/office/compose';
import { getLaunchReason, isComposing, mailboxAddress } from '../../../addin/office/pane';
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';

describe('in Outlook', () => {
  let host: OfficeHostControl;
  beforeAll(() => {
    host = loadOfficeHost();
  });
  beforeEach(() => host.reset());
  afterAll(unloadOfficeHost);

  it('knows the mailbox address', () => {
    expect(mailboxAddress()).toBe('mr.a.jansen@kantoor.nl');
  });

  it('tells a message being composed from one being read', () => {
    host.setItem({ mode: 'compose', subject: 'Verzoekschrift' });
    expect(isComposing()).toBe(true);
    host.setItem({ mode: 'read', subject: 'Verzoekschrift' });
    expect(isComposing()).toBe(false);
  });

  it.each([
    ['{"zegel":"onboarding"}', 'onboarding'],
    ['{"zegel":"smart-alert"}', 'smart-alert'],
    [null, 'ribbon'],
    ['not json', 'ribbon'],
    ['{"other":"add-in"}', 'ribbon'],
  ])('reads the launch context %j as %s', async (initializationContext, reason) => {
    host.setItem({ initializationContext });
    await expect(getLaunchReason()).resolves.toBe(reason);
  });

  it('falls back to the ribbon when Outlook has no context to give', async () => {
    host.failNext('item.getInitializationContextAsync');
    await expect(getLaunchReason()).resolves.toBe('ribbon');
  });

  it('reports recipient changes until told to stop', async () => {
    const listener = jest.fn();
    const stop = await onRecipientsChanged(listener);
    await host.user.addRecipients('to', ['griffie@rechtspraak.nl']);
    await new Promise((r) => setTimeout(r, 5));
    expect(listener).toHaveBeenCalledTimes(1);
    await stop();
    await host.user.addRecipients('cc', ['x@example.nl']);
    await new Promise((r) => setTimeout(r, 5));
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('rejects when the handler cannot be added', async () => {
    host.failNext('item.addHandlerAsync');
    await expect(onRecipientsChanged(() => undefined)).rejects.toEqual(expect.objectContaining({ officeName: 'GenericResponseError' }));
  });
});

describe('outside Outlook', () => {
  it('has no mailbox and was opened by the user', async () => {
    expect(mailboxAddress()).toBeNull();
    expect(isComposing()).toBe(false);
    await expect(getLaunchReason()).resolves.toBe('ribbon');
  });
});
