// OnMessageRecipientsChanged: while a court address is among To, Cc or Bcc, an informational notice
// says the message will go to the court via Secure send; it is removed when none remains. Early
// warning only: OnMessageSend still decides. event.completed is called exactly once.
import { decideRecipients } from '../../shared/court/recipients';
import { COURT_NOTICE_KEY, NOTICE_ICON_ID } from './ids';
import { SAFETY_TIMEOUT_MS, completeOnce, readAllRecipients, removeNotice, replaceNotice } from './office-runtime';
import { texts } from './texts';
import type { LaunchEvent } from './on-new-message-compose';

export function onMessageRecipientsChangedHandler(event: LaunchEvent): void {
  const finish = completeOnce(
    function () {
      event.completed();
    },
    SAFETY_TIMEOUT_MS,
    true,
  );
  try {
    readAllRecipients(function (failed, lists) {
      try {
        // An unreadable field says nothing either way: leave the notice as it is.
        if (failed) {
          finish(true);
          return;
        }
        if (decideRecipients(lists).court.length === 0) {
          removeNotice(COURT_NOTICE_KEY, function () {
            finish(true);
          });
          return;
        }
        const details: Office.NotificationMessageDetails = {
          type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
          message: texts().courtNotice,
          icon: NOTICE_ICON_ID,
          persistent: false,
        };
        replaceNotice(COURT_NOTICE_KEY, details, function () {
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
