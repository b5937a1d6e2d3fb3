// OnMessageSend against the Office.js simulator: court mail is stopped with a way into Secure send,
// other mail passes, contact groups are stopped once, and every failure blocks. Each path completes
// exactly once. Outlook itself cannot run here; docs/outlook-manual-checks.md lists the real checks.
import { SAFETY_TIMEOUT_MS } from '../../../addin/send-event/office-runtime';
import { GROUPS_CHECKED_KEY } from '../../../addin/send-event/ids';
import type { OfficeHostControl } from '../../office-host/load';
import { unloadOfficeHost } from '../../office-host/load';
import { client, colleague, court, group, list, loadHandlers } from './harness';

let host: OfficeHostControl;

beforeAll(async () => {
  host = await loadHandlers();
});

beforeEach(() => {
  host.reset();
});

afterEach(() => {
  expect(host.problems()).toEqual([]);
});

afterAll(unloadOfficeHost);

async function send() {
  const run = await host.fire('OnMessageSend');
  expect(run.completions).toHaveLength(1);
  return run.completions[0] ?? {};
}

describe('OnMessageSend', () => {
  it.each(['to', 'cc', 'bcc'] as const)('blocks a court recipient in %s and offers Secure send', async (field) => {
    host.setItem({ [field]: [client, court] });
    const completion = await send();
    expect(completion).toEqual({
      allowEvent: false,
      errorMessage: expect.stringContaining('Rechtspraak'),
      commandId: 'zegelSecureSend',
      cancelLabel: 'Veilig verzenden',
      contextData: '{"zegel":"smart-alert"}',
    });
  });

  it('allows mail without a court recipient, exactly once', async () => {
    host.setItem({ to: [client], cc: [colleague] });
    expect(await send()).toEqual({ allowEvent: true });
  });

  it('allows a message without any recipient to reach Outlook, which handles it', async () => {
    expect(await send()).toEqual({ allowEvent: true });
  });

  it.each([
    ['a subdomain', 'team@rb-den-haag.rechtspraak.nl'],
    ['upper case', 'Griffie@RECHTSPRAAK.NL'],
    ['a trailing dot', 'griffie@rechtspraak.nl.'],
    ['full-width characters that IDNA maps onto rechtspraak.nl', 'griffie@ｒｅｃｈｔｓｐｒａａｋ．ｎｌ'],
    ['a display-name form', 'Griffie <griffie@rechtspraak.nl>'],
  ])('recognises the court in %s', async (_name, emailAddress) => {
    host.setItem({ bcc: [{ emailAddress, displayName: 'x', recipientType: 'externalUser' }] });
    expect(await send()).toEqual(expect.objectContaining({ allowEvent: false, commandId: 'zegelSecureSend' }));
  });

  it.each([
    ['a look-alike domain', 'x@rechtspraak.nl.evil.example'],
    ['a domain that merely ends in the name', 'x@notrechtspraak.nl'],
    ['another top-level domain', 'x@rechtspraak.com'],
  ])('is not fooled by %s', async (_name, emailAddress) => {
    host.setItem({ to: [{ emailAddress, displayName: 'griffie@rechtspraak.nl', recipientType: 'externalUser' }] });
    expect(await send()).toEqual({ allowEvent: true });
  });

  it('speaks English when Outlook does', async () => {
    host.configure({ displayLanguage: 'en-GB' });
    host.setItem({ to: [court] });
    const completion = await send();
    expect(completion.errorMessage).toMatch(/^This message goes to de Rechtspraak/);
    expect(completion.cancelLabel).toBe('Secure send');
  });

  it('before Mailbox 1.14 leaves out the button and tells the user where Secure send is', async () => {
    host.configure({ maxMailboxVersion: '1.13' });
    host.setItem({ to: [court] });
    const completion = await send();
    expect(Object.keys(completion).sort()).toEqual(['allowEvent', 'errorMessage']);
    expect(completion.errorMessage).toContain('in het lint, in de groep Zegel');
  });

  it.each(['item.to.getAsync', 'item.cc.getAsync', 'item.bcc.getAsync'])('blocks when %s fails (fail closed), exactly once', async (method) => {
    host.setItem({ to: [client] });
    host.failNext(method, 'InternalFormatError');
    const completion = await send();
    expect(completion).toEqual(expect.objectContaining({ allowEvent: false, errorMessage: expect.stringContaining('kon dit bericht niet controleren') }));
  });

  it('blocks when the host throws, exactly once', async () => {
    host.setItem({ to: [client] });
    host.throwNext('item.bcc.getAsync');
    const completion = await send();
    expect(completion.allowEvent).toBe(false);
  });

  it('blocks when Office answers with something that is not a recipient list', async () => {
    host.setItem({ to: [client] });
    const item = Office.context.mailbox.item as Office.MessageCompose;
    const original = item.cc.getAsync.bind(item.cc);
    item.cc.getAsync = ((callback: (r: unknown) => void) => setTimeout(() => callback({ status: 'succeeded', value: 'nonsense' }), 0)) as never;
    try {
      expect((await send()).allowEvent).toBe(false);
    } finally {
      item.cc.getAsync = original;
    }
  });

  it('keeps every Smart Alerts message within Outlook\'s 500 characters, also with many long group names', async () => {
    const groups = Array.from({ length: 30 }, (_, i) => ({ emailAddress: '', displayName: `Een zeer lange naam van contactgroep nummer ${i}`, recipientType: 'other' as const }));
    host.setItem({ to: groups });
    const completion = await send();
    expect(completion.allowEvent).toBe(false);
    expect(completion.errorMessage!.length).toBeLessThanOrEqual(500);
  });
});

describe('OnMessageSend with contact groups and lists it cannot expand', () => {
  it('stops the first Send, names the group and remembers that the user saw it', async () => {
    host.setItem({ to: [client, group] });
    const first = await send();
    expect(first.allowEvent).toBe(false);
    expect(first.errorMessage).toContain('Procespartijen');
    expect(first.errorMessage).toContain('nogmaals op Verzenden');
    expect(host.item().sessionData[GROUPS_CHECKED_KEY]).toMatch(/^g1\./);
  });

  it('lets the second Send pass when nothing changed', async () => {
    host.setItem({ to: [client, list] });
    expect((await send()).allowEvent).toBe(false);
    expect(await send()).toEqual({ allowEvent: true });
  });

  it('asks again when a group is added, removed or swapped', async () => {
    host.setItem({ to: [group] });
    await send();
    host.setRecipients('cc', [list]);
    expect((await send()).allowEvent).toBe(false);
    expect(await send()).toEqual({ allowEvent: true });
    host.setRecipients('cc', []);
    expect((await send()).allowEvent).toBe(false);
  });

  it('still blocks court mail after the user acknowledged a group', async () => {
    host.setItem({ to: [group] });
    await send();
    host.setRecipients('bcc', [court]);
    expect(await send()).toEqual(expect.objectContaining({ allowEvent: false, errorMessage: expect.stringContaining('Rechtspraak') }));
  });

  it('falls back on a custom property when session data cannot be written', async () => {
    host.setItem({ to: [group] });
    host.failNext('item.sessionData.setAsync');
    expect((await send()).allowEvent).toBe(false);
    expect(host.item().sessionData).toEqual({});
    expect(host.item().customProperties[GROUPS_CHECKED_KEY]).toMatch(/^g1\./);
    expect(await send()).toEqual({ allowEvent: true });
  });

  it('uses the custom property where an Outlook build leaves the session-data methods undefined', async () => {
    host.setItem({ to: [group] });
    const item = Office.context.mailbox.item as unknown as Record<string, unknown>;
    Object.defineProperty(item, 'sessionData', { value: {}, configurable: true });
    expect((await send()).allowEvent).toBe(false);
    expect(host.item().customProperties[GROUPS_CHECKED_KEY]).toMatch(/^g1\./);
    expect(await send()).toEqual({ allowEvent: true });
  });

  it('uses the custom property before Mailbox 1.11', async () => {
    host.configure({ maxMailboxVersion: '1.10' });
    host.setItem({ to: [group] });
    expect((Office.context.mailbox.item as Office.MessageCompose).sessionData).toBeUndefined();
    expect((await send()).allowEvent).toBe(false);
    expect(await send()).toEqual({ allowEvent: true });
  });

  it('says so, and keeps blocking, when the warning cannot be remembered anywhere', async () => {
    host.setItem({ to: [group] });
    host.failNext('item.sessionData.setAsync', undefined, 2);
    host.failNext('item.customProperties.saveAsync', undefined, 2);
    const first = await send();
    expect(first.errorMessage).toContain('kan niet onthouden');
    expect((await send()).allowEvent).toBe(false);
  });

  it('treats an unreadable acknowledgement as not seen', async () => {
    host.setItem({ to: [group] });
    await send();
    host.failNext('item.sessionData.getAsync');
    host.failNext('item.loadCustomPropertiesAsync');
    expect((await send()).allowEvent).toBe(false);
  });
});

describe('OnMessageSend timing', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('blocks with a message when Office does not answer, before Outlook would time out', async () => {
    host.setItem({ to: [client] });
    host.hangNext('item.cc.getAsync');
    const run = host.dispatch('OnMessageSend');
    await jest.advanceTimersByTimeAsync(SAFETY_TIMEOUT_MS - 1);
    expect(run.completions).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(run.completions).toEqual([expect.objectContaining({ allowEvent: false, errorMessage: expect.stringContaining('niet op tijd') })]);
    expect(SAFETY_TIMEOUT_MS).toBeLessThan(60_000);
  });

  it('cancels the safety timer when it completes, so nothing fires later', async () => {
    host.setItem({ to: [client] });
    const run = host.dispatch('OnMessageSend');
    await jest.advanceTimersByTimeAsync(10);
    expect(run.completions).toEqual([{ allowEvent: true }]);
    expect(jest.getTimerCount()).toBe(0);
    await jest.advanceTimersByTimeAsync(SAFETY_TIMEOUT_MS * 2);
    expect(run.completions).toHaveLength(1);
  });

  it('ignores a late answer after the safety timeout', async () => {
    host.setItem({ to: [client] });
    host.delayNext('item.to.getAsync', SAFETY_TIMEOUT_MS + 1000);
    const run = host.dispatch('OnMessageSend');
    await jest.advanceTimersByTimeAsync(SAFETY_TIMEOUT_MS + 2000);
    expect(run.completions).toHaveLength(1);
    expect(run.completions[0]?.allowEvent).toBe(false);
  });
});

describe('pressing Send in the simulated Outlook', () => {
  it('sends ordinary mail and stops court mail with a button that opens Secure send', async () => {
    host.setItem({ to: [client] });
    expect((await host.user.send()).sent).toBe(true);
    host.setItem({ to: [court] });
    const outcome = await host.user.send();
    expect(outcome.sent).toBe(false);
    if (outcome.dialog?.kind !== 'blocked') throw new Error('expected a Smart Alerts dialog');
    expect(outcome.dialog.button).toBe('Veilig verzenden');
    outcome.dialog.takeAction?.();
    expect(host.openedPanes()).toEqual([{ commandId: 'zegelSecureSend', contextData: '{"zegel":"smart-alert"}', via: 'smart-alert' }]);
  });
});
