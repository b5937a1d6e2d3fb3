// Texts of the send-event handlers, Dutch first, English when Outlook's display language is English.
// Outlook's limits: Smart Alerts messages 500 characters, the dialog button 20, notifications 150.

export interface Texts {
  /** Smart Alerts: the message goes to the court in plain text. */
  courtBlocked: string;
  /** Smart Alerts: a group or list that cannot be expanded; `{groups}` names them. */
  groupsBlocked: string;
  /** Smart Alerts: as above, but the warning could not be remembered, so Send again would not pass. */
  groupsUnremembered: string;
  /** Smart Alerts: a recipient field could not be read, or anything else went wrong. */
  error: string;
  /** Smart Alerts: the check did not finish in time. */
  timeout: string;
  /** Added to every block before Mailbox 1.14, where the dialog has no button that opens the pane. */
  ribbonHint: string;
  /** Label of the Smart Alerts button that opens Secure send (Mailbox 1.14). */
  openSecureSend: string;
  /** Stand-in name for a group entry without name or address. */
  unnamedGroup: string;
  /** Notification while a court address is among the recipients. */
  courtNotice: string;
  /** Notification after the From address changed to someone else's. */
  fromNotice: string;
  /** First-use insight notification and its action. */
  onboardingNotice: string;
  onboardingAction: string;
}

const NL: Texts = {
  courtBlocked:
    'Dit bericht gaat naar de Rechtspraak. Verstuur het met Veilig verzenden (Zegel), zodat het versleuteld aankomt en u een ontvangstbewijs krijgt.',
  groupsBlocked:
    'Dit bericht gaat naar een groep of lijst die Zegel niet kan openen: {groups}. Controleer of er een adres van de Rechtspraak in staat; post voor de Rechtspraak gaat via Veilig verzenden. Staat er geen in? Klik dan nogmaals op Verzenden.',
  groupsUnremembered:
    'Dit bericht gaat naar een groep of lijst die Zegel niet kan openen: {groups}. Zegel kan niet onthouden dat u die hebt gecontroleerd. Vervang de groep door de losse adressen, of verstuur via Veilig verzenden.',
  error: 'Zegel kon dit bericht niet controleren. Probeer opnieuw te verzenden, of gebruik Veilig verzenden.',
  timeout: 'Zegel kon dit bericht niet op tijd controleren. Probeer opnieuw te verzenden, of gebruik Veilig verzenden.',
  ribbonHint: ' U vindt Veilig verzenden in het lint, in de groep Zegel.',
  openSecureSend: 'Veilig verzenden',
  unnamedGroup: 'naamloze groep',
  courtNotice: 'Dit bericht gaat naar de Rechtspraak. Het gaat via Veilig verzenden: versleuteld en met ontvangstbewijs.',
  fromNotice: 'U verstuurt vanaf een ander adres. In Veilig verzenden kiest u namens welke advocaat u verstuurt.',
  onboardingNotice: 'Nieuw: Zegel. Post voor de Rechtspraak verstuurt u veilig, met ontvangstbewijs, via Veilig verzenden.',
  onboardingAction: 'Aan de slag',
};

const EN: Texts = {
  courtBlocked:
    'This message goes to de Rechtspraak. Send it with Secure send (Zegel) so that it arrives encrypted and you get a receipt.',
  groupsBlocked:
    'This message goes to a group or list Zegel cannot look into: {groups}. Check whether it holds an address at de Rechtspraak; court mail goes through Secure send. If it holds none, press Send again.',
  groupsUnremembered:
    'This message goes to a group or list Zegel cannot look into: {groups}. Zegel cannot remember that you checked it. Replace the group with its addresses, or send with Secure send.',
  error: 'Zegel could not check this message. Try sending again, or use Secure send.',
  timeout: 'Zegel could not check this message in time. Try sending again, or use Secure send.',
  ribbonHint: ' You find Secure send on the ribbon, in the Zegel group.',
  openSecureSend: 'Secure send',
  unnamedGroup: 'unnamed group',
  courtNotice: 'This message will go to the court (de Rechtspraak) via Secure send: encrypted, with a receipt.',
  fromNotice: 'You are sending from another address. In Secure send you choose the lawyer you send for.',
  onboardingNotice: 'New: Zegel. Send court mail securely, with a receipt, using Secure send.',
  onboardingAction: 'Get started',
};

/** Room left for group names inside a 500-character Smart Alerts message. */
export const GROUP_NAMES_MAX = 120;

export function textsFor(language: string): Texts {
  if (String(language).toLowerCase().indexOf('en') === 0) return EN;
  return NL;
}

/** Texts in Outlook's display language; Dutch when it cannot be read. */
export function texts(): Texts {
  let language = '';
  try {
    language = String(Office.context.displayLanguage || '');
  } catch (e) {
    language = '';
  }
  return textsFor(language);
}

export const ALL_TEXTS: readonly Texts[] = [NL, EN];
