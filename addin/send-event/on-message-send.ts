// Outlook's OnMessageSend handler (Smart Alerts). Built with the other handlers into dist/send-event.js,
// which classic Outlook on Windows runs in a JavaScript-only ES2016 runtime: no imports at run time,
// no DOM, no async/await, no conditional expressions, no network. Every path calls event.completed
// exactly once, after cancelling the safety timer; any unexpected state blocks the send (fail closed)
// and never lets court mail go out in plain text. The decision itself is shared/court/send-decision.
import { decideSend, describeRecipients } from '../../shared/court/send-decision';
import type { RecipientLike } from '../../shared/court/recipients';
import { SECURE_SEND_COMMAND_ID, SMART_ALERT_CONTEXT } from './ids';
import { SAFETY_TIMEOUT_MS, completeOnce, readAcknowledged, readAllRecipients, supports, writeAcknowledged } from './office-runtime';
import { GROUP_NAMES_MAX, texts, type Texts } from './texts';

/** Outlook shows at most 500 characters of a Smart Alerts message. */
const MAX_MESSAGE = 500;

export interface SendCompletion {
  allowEvent: boolean;
  errorMessage?: string;
  commandId?: string;
  cancelLabel?: string;
  contextData?: string;
}

export interface SendEvent {
  completed(options: SendCompletion): void;
}

interface Outcome {
  allow: boolean;
  message: string;
}

const ALLOW: Outcome = { allow: true, message: '' };

function block(message: string): Outcome {
  return { allow: false, message: message };
}

function fill(template: string, groups: RecipientLike[], t: Texts): string {
  return template.split('{groups}').join(describeRecipients(groups, GROUP_NAMES_MAX, t.unnamedGroup));
}

/** Turns an outcome into the one event.completed call, with the Mailbox 1.14 button when available. */
function completeSend(event: SendEvent, outcome: Outcome, t: Texts): void {
  if (outcome.allow) {
    event.completed({ allowEvent: true });
    return;
  }
  const options: SendCompletion = { allowEvent: false, errorMessage: outcome.message };
  if (supports('1.14')) {
    // The dialog's button opens the Secure send pane directly.
    options.commandId = SECURE_SEND_COMMAND_ID;
    options.cancelLabel = t.openSecureSend;
    options.contextData = SMART_ALERT_CONTEXT;
  } else {
    options.errorMessage = outcome.message + t.ribbonHint;
  }
  if (String(options.errorMessage).length > MAX_MESSAGE) options.errorMessage = String(options.errorMessage).slice(0, MAX_MESSAGE - 1) + '\u2026';
  event.completed(options);
}

export function onMessageSendHandler(event: SendEvent): void {
  const t = texts();
  const finish = completeOnce(
    function (outcome: Outcome) {
      completeSend(event, outcome, t);
    },
    SAFETY_TIMEOUT_MS,
    block(t.timeout),
  );
  try {
    readAllRecipients(function (failed, lists) {
      try {
        if (failed) {
          finish(block(t.error));
          return;
        }
        const first = decideSend(lists, []);
        if (first.kind === 'allow') {
          finish(ALLOW);
          return;
        }
        if (first.kind === 'court') {
          finish(block(t.courtBlocked));
          return;
        }
        readAcknowledged(function (acknowledged) {
          try {
            const second = decideSend(lists, acknowledged);
            if (second.kind === 'allow') {
              finish(ALLOW);
              return;
            }
            if (second.kind !== 'check-groups') {
              finish(block(t.error));
              return;
            }
            const groups = second.groups;
            writeAcknowledged(second.fingerprint, function (stored) {
              if (stored) finish(block(fill(t.groupsBlocked, groups, t)));
              else finish(block(fill(t.groupsUnremembered, groups, t)));
            });
          } catch (e) {
            finish(block(t.error));
          }
        });
      } catch (e) {
        finish(block(t.error));
      }
    });
  } catch (e) {
    finish(block(t.error));
  }
}
