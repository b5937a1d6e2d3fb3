// OnMessageFromChanged (Mailbox 1.13): a secretary who picks another From address (a lawyer's or a
// shared mailbox) is told that Secure send will let them choose the principal. Switching back to the
// user's own address removes the notice. Clients before 1.13 never raise the event; the XML manifest
// cannot give one launch event its own minimum version, so the handler checks too.
import { FROM_NOTICE_KEY, NOTICE_ICON_ID } from './ids';
import { SAFETY_TIMEOUT_MS, completeOnce, composeItem, removeNotice, replaceNotice, supports } from './office-runtime';
import { texts } from './texts';
import type { LaunchEvent } from './on-new-message-compose';

function ownAddress(): string {
  try {
    return String(Office.context.mailbox.userProfile.emailAddress || '').trim().toLowerCase();
  } catch (e) {
    return '';
  }
}

export function onMessageFromChangedHandler(event: LaunchEvent): void {
  const finish = completeOnce(
    function () {
      event.completed();
    },
    SAFETY_TIMEOUT_MS,
    true,
  );
  function showNotice(): void {
    const details: Office.NotificationMessageDetails = {
      type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
      message: texts().fromNotice,
      icon: NOTICE_ICON_ID,
      persistent: false,
    };
    replaceNotice(FROM_NOTICE_KEY, details, function () {
      finish(true);
    });
  }
  try {
    if (!supports('1.13')) {
      finish(true);
      return;
    }
    composeItem().from.getAsync(function (result: Office.AsyncResult<Office.EmailAddressDetails>) {
      try {
        const own = ownAddress();
        let from = '';
        if (result.status === Office.AsyncResultStatus.Succeeded && result.value) from = String(result.value.emailAddress || '').trim().toLowerCase();
        if (own !== '' && from === own) {
          removeNotice(FROM_NOTICE_KEY, function () {
            finish(true);
          });
          return;
        }
        // Another address, or one that could not be read: the notice does no harm.
        showNotice();
      } catch (e) {
        finish(true);
      }
    });
  } catch (e) {
    finish(true);
  }
}
