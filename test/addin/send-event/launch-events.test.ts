// The other launch events: the first-use prompt (OnNewMessageCompose), the early court notice
// (OnMessageRecipientsChanged) and the From notice (OnMessageFromChanged). Each completes exactly once,
// whatever Office answers, and none of them ever stops the user.
import { COURT_NOTICE_KEY, FROM_NOTICE_KEY, ONBOARDING_NOTICE_KEY, ONBOARDING_SETTING } from '../../../addin/send-event/ids';
import { SAFETY_TIMEOUT_MS } from '../../../addin/send-event/office-runtime';
import { ALL_TEXTS } from '../../../addin/send-event/texts';
import { unloadOfficeHost, type EventRun, type OfficeHostControl } from '../../office-host/load';
import { client, court, loadHandlers } from './harness';

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

function completedOnce(run: EventRun | null): void {
  expect(run).not.toBeNull();
  expect(run!.completions).toEqual([undefined]);
}

describe('OnNewMessageCompose: the first-use prompt', () => {
  it('shows an insight notification whose action opens Secure send, and remembers it in roaming settings', async () => {
    const run = await host.user.compose();
    completedOnce(run);
    const [notice] = host.notifications();
    expect(notice).toEqual({
      key: ONBOARDING_NOTICE_KEY,
      type: 'insightMessage',
      message: expect.stringContaining('Veilig verzenden'),
      icon: 'Icon.16',
      actions: [{ actionType: 'showTaskPane', actionText: 'Aan de slag', commandId: 'zegelSecureSend', contextData: '{"zegel":"onboarding"}' }],
    });
    expect(host.roamingSettings().saved[ONBOARDING_SETTING]).toEqual(expect.any(String));
    host.user.clickNotificationAction(ONBOARDING_NOTICE_KEY);
    expect(host.openedPanes()).toEqual([{ commandId: 'zegelSecureSend', contextData: '{"zegel":"onboarding"}', via: 'notification' }]);
  });

  it('speaks English when Outlook does', async () => {
    host.configure({ displayLanguage: 'en-US' });
    await host.user.compose();
    expect(host.notifications()[0]?.message).toMatch(/^New: Zegel/);
    expect(host.notifications()[0]?.actions?.[0]?.actionText).toBe('Get started');
  });

  it('shows nothing once the prompt was shown, on any of the user\'s clients', async () => {
    host.setRoamingSettings({ [ONBOARDING_SETTING]: '2025-01-01T00:00:00.000Z' });
    completedOnce(await host.user.compose());
    expect(host.notifications()).toEqual([]);
  });

  it('shows the prompt once across new messages', async () => {
    await host.user.compose();
    await host.user.compose();
    expect(host.notifications()).toEqual([]);
  });

  it('does not remember a prompt Outlook refused, so the next message tries again', async () => {
    host.failNext('item.notificationMessages.replaceAsync', 'NumberOfNotificationsExceeded');
    completedOnce(await host.user.compose());
    expect(host.roamingSettings().saved[ONBOARDING_SETTING]).toBeUndefined();
    await host.user.compose();
    expect(host.notifications()).toHaveLength(1);
  });

  it('completes once when saving the setting fails or Office throws', async () => {
    host.failNext('roamingSettings.saveAsync', 'NetworkError');
    completedOnce(await host.user.compose());
    host.reset();
    host.throwNext('item.notificationMessages.replaceAsync');
    completedOnce(await host.user.compose());
  });

  it('stays quiet before Mailbox 1.10, where insight notifications have no action', async () => {
    host.configure({ maxMailboxVersion: '1.9' });
    const run = await host.fire('OnNewMessageCompose');
    expect(run.completions).toEqual([undefined]);
    expect(host.notifications()).toEqual([]);
  });
});

describe('OnMessageRecipientsChanged: the early court notice', () => {
  it('tells the user, as soon as a court address appears, that the message goes via Secure send', async () => {
    host.setItem({ to: [client] });
    completedOnce(await host.user.addRecipients('cc', [court]));
    expect(host.notifications()).toEqual([
      { key: COURT_NOTICE_KEY, type: 'informationalMessage', message: expect.stringContaining('via Veilig verzenden'), icon: 'Icon.16', persistent: false },
    ]);
  });

  it('keeps one notice while court addresses come and go, and removes it when none remains', async () => {
    host.setItem({ to: [client] });
    await host.user.addRecipients('to', [court]);
    await host.user.addRecipients('bcc', [{ emailAddress: 'team@rb-utrecht.rechtspraak.nl' }]);
    expect(host.notifications()).toHaveLength(1);
    await host.user.removeRecipient('to', court.emailAddress);
    expect(host.notifications()).toHaveLength(1);
    completedOnce(await host.user.removeRecipient('bcc', 'team@rb-utrecht.rechtspraak.nl'));
    expect(host.notifications()).toEqual([]);
  });

  it('completes once when there is no notice to remove', async () => {
    host.setItem({ to: [court] });
    completedOnce(await host.user.setRecipients('to', [client]));
  });

  it('leaves the notice alone when a field cannot be read, and still completes once', async () => {
    host.setItem({ to: [client] });
    await host.user.addRecipients('to', [court]);
    host.failNext('item.cc.getAsync');
    completedOnce(await host.user.removeRecipient('to', court.emailAddress));
    expect(host.notifications()).toHaveLength(1);
  });

  it('completes once when Office throws', async () => {
    host.throwNext('item.to.getAsync');
    completedOnce(await host.user.addRecipients('to', [court]));
  });
});

describe('OnMessageFromChanged: a secretary sends from another address', () => {
  const principal = { emailAddress: 'mr.b.bakker@kantoor.nl', displayName: 'mr. B. Bakker' };

  it('says that Secure send will let them choose the lawyer', async () => {
    completedOnce(await host.user.changeFrom(principal));
    expect(host.notifications()).toEqual([
      { key: FROM_NOTICE_KEY, type: 'informationalMessage', message: expect.stringContaining('namens welke advocaat'), icon: 'Icon.16', persistent: false },
    ]);
  });

  it('removes the notice when the From is the user again', async () => {
    await host.user.changeFrom(principal);
    completedOnce(await host.user.changeFrom(host.settings().userProfile.emailAddress));
    expect(host.notifications()).toEqual([]);
  });

  it('shows the notice when the From cannot be read', async () => {
    host.failNext('item.from.getAsync');
    completedOnce(await host.user.changeFrom(principal));
    expect(host.notifications()).toHaveLength(1);
  });

  it('is never raised before Mailbox 1.13, and completes at once if it were', async () => {
    host.configure({ maxMailboxVersion: '1.12' });
    expect(await host.user.changeFrom(principal)).toBeNull();
    const run = await host.fire('OnMessageFromChanged');
    expect(run.completions).toEqual([undefined]);
    expect(host.notifications()).toEqual([]);
  });
});

describe('every launch event completes within the safety timeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['OnNewMessageCompose', 'item.notificationMessages.replaceAsync'],
    ['OnMessageRecipientsChanged', 'item.to.getAsync'],
    ['OnMessageFromChanged', 'item.from.getAsync'],
  ])('%s completes once when Office never answers %s', async (type, method) => {
    host.setItem({ to: [court] });
    host.hangNext(method);
    const run = host.dispatch(type);
    await jest.advanceTimersByTimeAsync(SAFETY_TIMEOUT_MS - 1);
    expect(run.completions).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(run.completions).toEqual([undefined]);
    // Only the simulator's own settle timer is left, then nothing.
    await jest.advanceTimersByTimeAsync(50);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('texts', () => {
  it("fit Outlook's limits: notifications 150 characters, the dialog button 20", () => {
    for (const t of ALL_TEXTS) {
      for (const notice of [t.courtNotice, t.fromNotice, t.onboardingNotice]) expect(notice.length).toBeLessThanOrEqual(150);
      expect(t.openSecureSend.length).toBeLessThanOrEqual(20);
      expect(t.onboardingAction.length).toBeLessThanOrEqual(30);
    }
  });
});
