// The simulator itself: documented callback shapes, failures a test can inject, requirement-set
// gating, Outlook's checks on notifications and Smart Alerts completions, and the Send flow per SendMode.
import { loadOfficeHost, unloadOfficeHost, type OfficeHostControl } from './load';

let host: OfficeHostControl;

beforeAll(() => {
  host = loadOfficeHost();
});
beforeEach(() => host.reset());
afterAll(unloadOfficeHost);

const item = () => Office.context.mailbox.item as Office.MessageCompose;
function answer<T>(start: (callback: (r: Office.AsyncResult<T>) => void) => void): Promise<Office.AsyncResult<T>> {
  return new Promise((resolve) => start(resolve));
}

describe('callbacks', () => {
  it('answer asynchronously with { status, value, error, asyncContext }', async () => {
    host.setItem({ subject: 'Dagvaarding' });
    let sync = true;
    const result = await answer<string>((cb) => {
      item().subject.getAsync({ asyncContext: { n: 1 } }, (r) => {
        expect(sync).toBe(false);
        cb(r);
      });
      sync = false;
    });
    expect(result).toEqual({ status: 'succeeded', value: 'Dagvaarding', error: undefined, asyncContext: { n: 1 } });
  });

  it('fail with { code, name, message } when a test says so, once', async () => {
    host.failNext('item.subject.getAsync', 'NetworkError');
    const failed = await answer<string>((cb) => item().subject.getAsync(cb));
    expect(failed).toEqual({
      status: 'failed',
      value: undefined,
      error: { code: 9041, name: 'NetworkError', message: expect.stringContaining('network') },
      asyncContext: undefined,
    });
    expect((await answer<string>((cb) => item().subject.getAsync(cb))).status).toBe('succeeded');
  });

  it('take custom errors and repeat counts', async () => {
    host.failNext('item.to.getAsync', { code: 1234, name: 'Odd', message: 'odd' }, 2);
    expect((await answer((cb) => item().to.getAsync(cb))).error).toEqual({ code: 1234, name: 'Odd', message: 'odd' });
    expect((await answer((cb) => item().to.getAsync(cb))).status).toBe('failed');
    expect((await answer((cb) => item().to.getAsync(cb))).status).toBe('succeeded');
  });

  it('can throw synchronously, hang, or come late', async () => {
    host.throwNext('item.to.getAsync', new Error('boom'));
    expect(() => item().to.getAsync(() => undefined)).toThrow('boom');
    host.hangNext('item.cc.getAsync');
    const hung = jest.fn();
    item().cc.getAsync(hung);
    host.delayNext('item.bcc.getAsync', 30);
    const started = Date.now();
    await answer((cb) => item().bcc.getAsync(cb));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(hung).not.toHaveBeenCalled();
    expect(host.calls().map((c) => c.method)).toEqual(['item.to.getAsync', 'item.cc.getAsync', 'item.bcc.getAsync']);
  });
});

describe('requirement sets', () => {
  it('answers isSetSupported from a settable maximum', () => {
    host.configure({ maxMailboxVersion: '1.13' });
    const r = Office.context.requirements;
    expect([r.isSetSupported('Mailbox', '1.1'), r.isSetSupported('Mailbox', '1.13'), r.isSetSupported('Mailbox', '1.14'), r.isSetSupported('mailbox')]).toEqual([true, true, false, true]);
    expect(r.isSetSupported('WordApi', '1.1')).toBe(false);
  });

  it('leaves out members of later sets', () => {
    host.configure({ maxMailboxVersion: '1.10' });
    expect(item().sessionData).toBeUndefined();
    expect(item().sendAsync).toBeUndefined();
    expect(typeof item().getAttachmentsAsync).toBe('function');
    host.configure({ maxMailboxVersion: '1.15' });
    expect(typeof item().sessionData.getAsync).toBe('function');
  });
});

describe('mailbox state', () => {
  it('resolves recipient types the way Outlook shows them', async () => {
    await answer<void>((cb) => item().to.setAsync(['collega@kantoor.nl', 'iemand@elders.nl', { displayName: 'Groep', emailAddress: '' }], cb));
    expect(host.item().to.map((r) => r.recipientType)).toEqual(['user', 'externalUser', 'other']);
  });

  it('keeps session data per item, and fails for a key that is not there', async () => {
    const missing = await answer<string>((cb) => item().sessionData.getAsync('k', cb));
    expect(missing.error?.name).toBe('KeyNotFound');
    await answer<void>((cb) => item().sessionData.setAsync('k', 'v', cb));
    expect((await answer<string>((cb) => item().sessionData.getAsync('k', cb))).value).toBe('v');
    host.setItem({});
    expect(host.item().sessionData).toEqual({});
  });

  it('saves custom properties only on saveAsync', async () => {
    const loaded = await answer<Office.CustomProperties>((cb) => item().loadCustomPropertiesAsync(cb));
    loaded.value.set('a', 'b');
    expect(host.item().customProperties).toEqual({});
    await answer<void>((cb) => loaded.value.saveAsync(cb));
    expect(host.item().customProperties).toEqual({ a: 'b' });
  });

  it('round-trips roaming settings through JSON and persists them on saveAsync', async () => {
    Office.context.roamingSettings.set('d', new Date('2025-01-01T00:00:00Z'));
    expect(Office.context.roamingSettings.get('d')).toBe('2025-01-01T00:00:00.000Z');
    expect(host.roamingSettings().saved).toEqual({});
    await answer<void>((cb) => Office.context.roamingSettings.saveAsync(cb));
    expect(host.roamingSettings().saved).toEqual({ d: '2025-01-01T00:00:00.000Z' });
  });

  it('raises RecipientsChanged for handlers added with addHandlerAsync', async () => {
    const seen: unknown[] = [];
    await answer<void>((cb) => item().addHandlerAsync(Office.EventType.RecipientsChanged, (e: unknown) => seen.push(e), cb));
    await host.user.addRecipients('cc', ['x@example.nl']);
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([{ type: 'olkRecipientsChanged', changedRecipientFields: { to: false, cc: true, bcc: false } }]);
  });

  it('offers a read-mode item', () => {
    host.user.read({ subject: 'Beveiligd bericht', from: 'griffie@rechtspraak.nl', attachments: [{ name: 'a.pdf', text: 'x', contentType: 'application/pdf' }] });
    const read = Office.context.mailbox.item as Office.MessageRead;
    expect(read.subject).toBe('Beveiligd bericht');
    expect(read.from.emailAddress).toBe('griffie@rechtspraak.nl');
    expect(read.attachments[0]).toEqual(expect.objectContaining({ name: 'a.pdf', contentType: 'application/pdf', size: 1 }));
  });
});

describe('notifications, checked as Outlook checks them', () => {
  const info = { type: 'informationalMessage', message: 'Hallo', icon: 'Icon.16', persistent: false } as Office.NotificationMessageDetails;

  it('adds, replaces, lists and removes', async () => {
    await answer<void>((cb) => item().notificationMessages.addAsync('a', info, cb));
    expect((await answer<void>((cb) => item().notificationMessages.addAsync('a', info, cb))).error?.name).toBe('DuplicateNotificationKey');
    await answer<void>((cb) => item().notificationMessages.replaceAsync('a', { ...info, message: 'Dag' }, cb));
    expect((await answer<Office.NotificationMessageDetails[]>((cb) => item().notificationMessages.getAllAsync(cb))).value).toEqual([{ key: 'a', ...info, message: 'Dag' }]);
    await answer<void>((cb) => item().notificationMessages.removeAsync('a', cb));
    expect((await answer<void>((cb) => item().notificationMessages.removeAsync('a', cb))).error?.name).toBe('NotificationKeyNotFound');
  });

  it('allows five per item', async () => {
    for (const key of ['1', '2', '3', '4', '5']) await answer<void>((cb) => item().notificationMessages.addAsync(key, info, cb));
    expect((await answer<void>((cb) => item().notificationMessages.addAsync('6', info, cb))).error?.name).toBe('NumberOfNotificationsExceeded');
  });

  it('throws for messages over 150 characters, missing icons, misplaced options and bad actions', () => {
    const add = (details: object) => () => item().notificationMessages.addAsync('k', details as Office.NotificationMessageDetails);
    expect(add({ ...info, message: 'x'.repeat(151) })).toThrow(/out of the range/);
    expect(add({ type: 'insightMessage', message: 'm' })).toThrow(/icon/);
    expect(add({ type: 'errorMessage', message: 'm', persistent: true })).toThrow(/persistent/);
    expect(add({ ...info, actions: [{ actionType: 'showTaskPane', actionText: 'Open', commandId: 'zegelSecureSend', contextData: '' }] })).toThrow(/actions/);
    expect(add({ type: 'insightMessage', message: 'm', icon: 'Icon.16', actions: [{ actionType: 'other', actionText: 'x', commandId: 'zegelSecureSend' }] })).toThrow(/actions/);
  });

  it('notes icons and command ids the manifest does not define', () => {
    item().notificationMessages.addAsync('k', { type: 'insightMessage', message: 'm', icon: 'Nope', actions: [{ actionType: 'showTaskPane', actionText: 'x', commandId: 'nope', contextData: '' }] });
    expect(host.problems()).toEqual(['notification icon Nope is not an image id of the manifest', 'notification action commandId nope is not a control id of the manifest']);
  });
});

describe('launch events', () => {
  beforeEach(() => {
    Office.actions.associate('onMessageSendHandler', (event: { completed(o: object): void }) => {
      event.completed({ allowEvent: false, errorMessage: 'x', commandId: 'zegelSecureSend', cancelLabel: 'Veilig verzenden' });
    });
  });

  it('records completions and flags a second one', async () => {
    Office.actions.associate('onMessageRecipientsChangedHandler', (event: { completed(): void }) => {
      event.completed();
      event.completed();
    });
    const run = await host.fire('OnMessageRecipientsChanged');
    expect(run.completions).toEqual([undefined, undefined]);
    expect(host.problems()).toEqual(['event.completed called 2 times in onMessageRecipientsChangedHandler']);
  });

  it('checks Smart Alerts options against the requirement set and the manifest', async () => {
    host.configure({ maxMailboxVersion: '1.13' });
    await host.fire('OnMessageSend');
    Office.actions.associate('onMessageSendHandler', (event: { completed(o: object): void }) => {
      event.completed({ allowEvent: false, errorMessage: 'x'.repeat(501), commandId: 'nope', cancelLabel: 'x'.repeat(21) });
    });
    host.configure({ maxMailboxVersion: '1.15' });
    await host.fire('OnMessageSend');
    expect(host.problems()).toEqual([
      'commandId, cancelLabel and contextData need Mailbox 1.14',
      'errorMessage longer than 500 characters',
      'cancelLabel longer than 20 characters',
      'commandId nope is not a control id of the manifest',
    ]);
  });

  it('reports a handler that never completes as timed out', async () => {
    Office.actions.associate('onNewMessageComposeHandler', () => undefined);
    const run = await host.fire('OnNewMessageCompose', {}, { timeoutMs: 20 });
    expect(run).toEqual(expect.objectContaining({ timedOut: true, completions: [] }));
  });

  it('keeps handlers and manifest facts across reset, not test configuration', () => {
    host.configure({ permission: 'ReadWriteMailbox', launchEvents: {} });
    host.reset();
    expect(host.associated()).toContain('onMessageSendHandler');
    expect(host.settings().permission).toBe('ReadWriteItem');
    expect(host.settings().launchEvents.OnMessageSend).toEqual({ functionName: 'onMessageSendHandler', sendMode: 'SoftBlock' });
  });
});

describe('pressing Send', () => {
  it('offers Send Anyway under SoftBlock when the add-in is unavailable, and not under Block', async () => {
    host.reset({ clearInstallation: true, launchEvents: { OnMessageSend: { functionName: 'missing', sendMode: 'SoftBlock' } } });
    const soft = await host.user.send();
    expect(soft).toEqual(expect.objectContaining({ sent: false, dialog: expect.objectContaining({ kind: 'unavailable', sendAnyway: true }) }));
    host.reset({ launchEvents: { OnMessageSend: { functionName: 'missing', sendMode: 'Block' } } });
    expect((await host.user.send()).dialog).toEqual(expect.objectContaining({ kind: 'unavailable', sendAnyway: false }));
  });

  it('sends without a dialog when the add-in allows it', async () => {
    host.reset({ clearInstallation: true, launchEvents: { OnMessageSend: { functionName: 'ok', sendMode: 'SoftBlock' } } });
    Office.actions.associate('ok', (event: { completed(o: object): void }) => event.completed({ allowEvent: true }));
    host.setItem({ subject: 'Hallo' });
    expect(await host.user.send()).toEqual(expect.objectContaining({ sent: true, dialog: null }));
    expect(host.sentItems().map((i) => i.subject)).toEqual(['Hallo']);
  });
});

describe('Office', () => {
  it('is ready for Outlook, and runs Office.initialize once', async () => {
    const initialize = jest.fn();
    Office.initialize = initialize;
    await expect(Office.onReady()).resolves.toEqual({ host: 'Outlook', platform: 'OfficeOnline' });
    await Office.onReady();
    expect(initialize).toHaveBeenCalledTimes(1);
  });

  it('refuses sendAsync without ReadWriteMailbox, as Office.js does', () => {
    expect(() => item().sendAsync(() => undefined)).toThrow("Elevated permission is required to call the method: 'sendAsync'.");
  });
});
