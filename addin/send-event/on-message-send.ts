// Outlook's OnMessageSend handler. Built (through index.ts) alone into dist/send-event.js, which classic
// Outlook on Windows runs in a JavaScript-only ES2016 runtime: no imports at run time, no DOM, no
// async/await, no conditional expressions. Every path calls event.completed exactly once; any
// unexpected state blocks the send (fail closed) and never lets court mail go out in plain text.
import { decideRecipients, type RecipientLike } from '../../shared/court/recipients';

interface Texts {
  courtBlocked: string;
  error: string;
  cancelLabel: string;
}

const TEXTS_NL: Texts = {
  courtBlocked:
    'Dit bericht gaat naar de Rechtspraak. Verstuur het met Veilig verzenden (Zegel), zodat het versleuteld aankomt en u een ontvangstbewijs krijgt.',
  error: 'Zegel kon dit bericht niet controleren. Open Veilig verzenden in het lint en probeer het opnieuw.',
  cancelLabel: 'Veilig verzenden',
};
const TEXTS_EN: Texts = {
  courtBlocked:
    'This message goes to de Rechtspraak. Send it with Secure send (Zegel) so that it arrives encrypted and you get a receipt.',
  error: 'Zegel could not check this message. Open Secure send from the ribbon and try again.',
  cancelLabel: 'Secure send',
};
const SECURE_SEND_COMMAND_ID = 'zegelSecureSend';

function texts(): Texts {
  let language = '';
  try {
    language = String(Office.context.displayLanguage || '');
  } catch (e) {
    language = '';
  }
  if (language.toLowerCase().indexOf('en') === 0) return TEXTS_EN;
  return TEXTS_NL;
}

function supports(version: string): boolean {
  try {
    return Boolean(Office.context.requirements.isSetSupported('Mailbox', version));
  } catch (e) {
    return false;
  }
}

interface SendEvent {
  completed(options: { allowEvent: boolean; errorMessage?: string; commandId?: string; cancelLabel?: string }): void;
}

/** Guards event.completed so that no path can complete twice. */
function once(event: SendEvent): (allow: boolean, message: string) => void {
  let done = false;
  return function complete(allow: boolean, message: string): void {
    if (done) return;
    done = true;
    if (allow) {
      event.completed({ allowEvent: true });
      return;
    }
    const options: { allowEvent: boolean; errorMessage: string; commandId?: string; cancelLabel?: string } = {
      allowEvent: false,
      errorMessage: message,
    };
    // Requirement set 1.14 adds a button in the Smart Alerts dialog that opens the pane directly.
    if (supports('1.14')) {
      options.commandId = SECURE_SEND_COMMAND_ID;
      options.cancelLabel = texts().cancelLabel;
    }
    event.completed(options);
  };
}

type RecipientField = 'to' | 'cc' | 'bcc';
const FIELDS: RecipientField[] = ['to', 'cc', 'bcc'];

function readRecipients(field: RecipientField, callback: (error: boolean, list: RecipientLike[]) => void): void {
  const item = Office.context.mailbox.item as Office.MessageCompose;
  item[field].getAsync(function (result: Office.AsyncResult<Office.EmailAddressDetails[]>) {
    if (result.status !== Office.AsyncResultStatus.Succeeded || !Array.isArray(result.value)) {
      callback(true, []);
      return;
    }
    const list: RecipientLike[] = [];
    for (let i = 0; i < result.value.length; i += 1) {
      const r = result.value[i];
      if (!r) continue;
      list.push({ emailAddress: String(r.emailAddress || ''), displayName: String(r.displayName || ''), recipientType: r.recipientType });
    }
    callback(false, list);
  });
}

export function onMessageSendHandler(event: SendEvent): void {
  const complete = once(event);
  const lists: RecipientLike[][] = [];
  let pending = FIELDS.length;
  let failed = false;
  try {
    for (let i = 0; i < FIELDS.length; i += 1) {
      const field = FIELDS[i] as RecipientField;
      readRecipients(field, function (error, list) {
        try {
          if (error) failed = true;
          lists.push(list);
          pending -= 1;
          if (pending > 0) return;
          if (failed) {
            complete(false, texts().error);
            return;
          }
          const decision = decideRecipients(lists);
          if (decision.court.length > 0) complete(false, texts().courtBlocked);
          else complete(true, '');
        } catch (e) {
          complete(false, texts().error);
        }
      });
    }
  } catch (e) {
    complete(false, texts().error);
  }
}
