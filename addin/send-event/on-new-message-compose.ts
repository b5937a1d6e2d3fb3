// OnNewMessageCompose: on first use, an insight notification introduces Zegel and opens the Secure send
// pane; roaming settings remember that it was shown, so it appears once per user, not per device.
// Same runtime rules as on-message-send.ts; event.completed is called exactly once.
import { NOTICE_ICON_ID, ONBOARDING_CONTEXT, ONBOARDING_NOTICE_KEY, ONBOARDING_SETTING, SECURE_SEND_COMMAND_ID } from './ids';
import { SAFETY_TIMEOUT_MS, completeOnce, replaceNotice, supports } from './office-runtime';
import { texts } from './texts';

export interface LaunchEvent {
  completed(): void;
}

function alreadyShown(): boolean {
  const value: unknown = Office.context.roamingSettings.get(ONBOARDING_SETTING);
  return value !== undefined && value !== null && value !== '' && value !== false;
}

function remember(callback: () => void): void {
  Office.context.roamingSettings.set(ONBOARDING_SETTING, new Date().toISOString());
  Office.context.roamingSettings.saveAsync(function () {
    callback();
  });
}

export function onNewMessageComposeHandler(event: LaunchEvent): void {
  const finish = completeOnce(
    function () {
      event.completed();
    },
    SAFETY_TIMEOUT_MS,
    true,
  );
  try {
    // Insight notifications with an action arrived in Mailbox 1.10.
    if (alreadyShown() || !supports('1.10')) {
      finish(true);
      return;
    }
    const t = texts();
    const details: Office.NotificationMessageDetails = {
      type: Office.MailboxEnums.ItemNotificationMessageType.InsightMessage,
      message: t.onboardingNotice,
      icon: NOTICE_ICON_ID,
      actions: [
        {
          actionType: Office.MailboxEnums.ActionType.ShowTaskPane,
          actionText: t.onboardingAction,
          commandId: SECURE_SEND_COMMAND_ID,
          contextData: ONBOARDING_CONTEXT,
        },
      ],
    };
    replaceNotice(ONBOARDING_NOTICE_KEY, details, function (shown) {
      if (!shown) {
        // Not shown, so not remembered: the next new message tries again.
        finish(true);
        return;
      }
      try {
        remember(function () {
          finish(true);
        });
      } catch (e) {
        finish(true);
      }
    });
  } catch (e) {
    finish(true);
  }
}
