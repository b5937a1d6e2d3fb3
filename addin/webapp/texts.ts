// The web app's texts, Dutch first and English second. Texts with values are functions, so a missing
// value is a type error. Where the web app reuses Secure send's panels (checks, receipt), sendTexts()
// gives Secure send's texts with the Outlook-only wording replaced.
import { textsFor as secureSendTexts, type SecureSendTexts } from '../secure-send/texts';
import type { Language } from './types';

const list = (items: readonly string[]) => items.join(', ');

const nl = {
  title: 'Zegel-webapp',
  nav: { label: 'Onderdelen', inbox: 'Postvak', sent: 'Verzonden', desk: 'Griffie', send: 'Nieuw bericht', verify: 'Ontvangstbewijs controleren' },
  loading: 'Laden…',
  loadFailed: 'Dit kon niet worden geladen. Probeer het opnieuw.',
  retry: 'Opnieuw proberen',
  back: 'Terug naar de lijst',
  sessionEnded: 'Uw sessie is verlopen. Log opnieuw in.',

  inbox: {
    heading: 'Postvak',
    sentHeading: 'Verzonden berichten',
    whose: 'Welk postvak',
    own: (email: string) => `Mijn postvak (${email})`,
    principal: (email: string) => `Postvak van ${email} (leestoegang)`,
    empty: 'Geen berichten.',
    listLabel: 'Berichten',
    from: 'Van',
    onBehalf: 'namens',
    to: 'Aan',
    when: 'Ontvangen',
    sentWhen: 'Verstuurd',
    status: 'Status',
    open: (when: string) => `Bericht openen van ${when}`,
    recalled: 'Teruggehaald',
    court: 'Rechtspraak',
    statusLine: (opened: number, total: number) => `${opened} van ${total} geopend`,
  },

  message: {
    heading: 'Bericht',
    decrypting: 'Het bericht wordt op deze computer ontsleuteld…',
    subject: 'Onderwerp',
    noSubject: '(geen onderwerp)',
    from: 'Van',
    principal: 'Namens',
    number: 'BAR- of KBvG-nummer',
    sentAt: 'Verstuurd (Zegel-server)',
    body: 'Tekst',
    attachments: 'Bijlagen',
    noAttachments: 'Geen bijlagen.',
    download: (name: string, size: string) => `${name} downloaden (${size})`,
    recipients: 'Ontvangers en status',
    recipient: 'Ontvanger',
    delivered: 'Afgeleverd',
    opened: 'Geopend',
    notYet: 'nog niet',
    recall: 'Bericht terughalen',
    recallHint: 'Terughalen kan zolang niemand het bericht heeft geopend. Een bericht aan de Rechtspraak kan niet worden teruggehaald.',
    recallConfirm: 'Zeker weten? Ontvangers kunnen het bericht daarna niet meer openen; het ontvangstbewijs blijft bestaan.',
    recallYes: 'Ja, terughalen',
    recallNo: 'Niet terughalen',
    recalledNotice: 'Het bericht is teruggehaald.',
    recalledState: (when: string) => `Dit bericht is teruggehaald op ${when}. De inhoud is niet meer beschikbaar; het ontvangstbewijs blijft geldig.`,
    recallRefused: 'Terughalen kan niet meer: het bericht is al geopend, of het ging naar de Rechtspraak.',
    reply: 'Veilig beantwoorden',
    receipt: 'Ontvangstbewijs',
    receiptValid: 'Het ontvangstbewijs is ondertekend door Zegel en op deze computer gecontroleerd.',
    receiptDownload: 'Ontvangstbewijs downloaden (JSON)',
    signerChanged: (email: string) => `Let op: de sleutel van ${email} is veranderd sinds u eerder een bericht van dit adres las. Controleer bij de afzender of dat klopt.`,
    failed: {
      notFound: 'Dit bericht bestaat niet of u mag het niet lezen.',
      noKey: 'Dit bericht kan met uw sleutels niet worden geopend (het is niet voor u versleuteld).',
      signature: 'De ondertekening van dit bericht klopt niet met de sleutel van de afzender. Het wordt niet getoond.',
      tampered: 'Het opgeslagen bericht is beschadigd of gewijzigd. Het wordt niet getoond.',
      receipt: 'Het ontvangstbewijs van dit bericht klopt niet. Het bericht wordt niet getoond; meld het aan uw beheerder.',
      senderKey: 'De sleutel van de afzender is niet te vinden of klopt niet met wat de server opgeeft.',
      unitKey: 'De sleutel van de griffie kon niet worden geopend. Vraag een andere griffiemedewerker u opnieuw toe te laten.',
      other: 'Het bericht kon niet worden geopend. Probeer het opnieuw.',
    },
  },

  desk: {
    heading: 'Griffie: binnengekomen post',
    unit: 'Afdeling',
    search: 'Zoeken op zaaknummer',
    searchHint: 'Zoekt in de ontsleutelde onderwerpen, op deze computer. Bijvoorbeeld C/13/712345.',
    results: (shown: number, total: number) => `${shown} van ${total} berichten`,
    decrypting: (done: number, total: number) => `Onderwerpen ontsleutelen: ${done} van ${total}…`,
    sender: 'Afzender',
    principal: 'Namens',
    number: 'BAR-nummer',
    subject: 'Onderwerp',
    received: 'Ontvangen',
    subjectUnavailable: '(niet te ontsleutelen)',
    noUnits: 'U bent geen griffiemedewerker van een afdeling met een sleutel.',
    empty: 'Geen berichten voor deze afdeling.',
    noMatch: 'Geen berichten met dit zaaknummer.',
  },

  send: {
    heading: 'Nieuw beveiligd bericht',
    replyHeading: 'Veilig antwoord',
    replyTo: (subject: string) => `Antwoord op: ${subject}`,
    recipients: 'Ontvangers',
    recipientsHint: 'E-mailadressen, gescheiden door komma’s.',
    subject: 'Onderwerp',
    body: 'Bericht',
    files: 'Bijlagen',
    filesHint: 'Ook grote bestanden: ze worden in delen van enkele megabytes versleuteld en geüpload, nooit in één keer.',
    chosen: 'Gekozen bestanden',
    remove: (name: string) => `${name} weghalen`,
    send: 'Controleren en veilig versturen',
    sendAfterConfirm: 'Bevestigd: veilig versturen',
    resume: 'Upload hervatten',
    restart: 'Opnieuw versleutelen en versturen',
    newMessage: 'Nog een bericht',
    step: {
      checking: 'Controleren: ontvangers, sleutels en bijlagen…',
      uploading: (done: number, total: number) => `Versleutelen en uploaden: deel ${done} van ${total}`,
      verifying: 'Ontvangstbewijs controleren…',
    },
    progressLabel: 'Voortgang van de upload',
    failedHeading: 'Niet verstuurd',
    interrupted: 'De upload is onderbroken. Wat al is geüpload blijft bewaard: kies Upload hervatten. Er is nog niets afgeleverd.',
    restartNeeded: 'De upload kan niet worden hervat. Kies Opnieuw versleutelen en versturen. Er is niets afgeleverd.',
    commitUnanswered:
      'Het bericht is ter aflevering aangeboden, maar Zegel gaf geen antwoord: het kan al zijn afgeleverd. Kies Upload hervatten: dan wordt gecontroleerd of het is afgeleverd, en het bericht wordt niet nog een keer verstuurd.',
    fileChanged: (name: string) => `"${name}" is veranderd of niet meer leesbaar sinds u het koos. Kies het bestand opnieuw. Er is niets afgeleverd.`,
    doneHeading: 'Verstuurd',
    blockedFooter: 'Er is niets versleuteld of verstuurd. Pas het bericht aan en kies opnieuw Controleren en veilig versturen.',
    tooLarge: (size: string, max: string) => `Het bericht is met bijlagen ${size}; Zegel verstuurt ten hoogste ${max} per bericht.`,
    tooManyAttachments: (count: number, max: number) => `Dit bericht heeft ${count} bijlagen; er kunnen er ten hoogste ${max} mee.`,
    withoutKeyForCourt: (addresses: readonly string[]) =>
      `Deze ontvangers hebben geen Zegel-sleutel: ${list(addresses)}. Een antwoord namens de Rechtspraak gaat alleen naar ontvangers met een sleutel: haal ze uit dit bericht.`,
    guestsRefused:
      'Zegel nam de toegang voor een ontvanger zonder account niet aan (bijvoorbeeld het mobiele nummer). Controleer de gegevens en kies opnieuw Controleren en veilig versturen. Er is niets afgeleverd.',
    checkReceiptAgain: 'Ontvangstbewijs opnieuw controleren',
    afterCommit: {
      network: (messageId: string) =>
        `Het bericht is door Zegel opgeslagen en afgeleverd (bericht-id ${messageId}), maar het ontvangstbewijs kon niet worden gecontroleerd: Zegel is niet bereikbaar. Kies Ontvangstbewijs opnieuw controleren; het bericht wordt dan niet opnieuw verstuurd.`,
      session: (messageId: string) =>
        `Het bericht is door Zegel opgeslagen en afgeleverd (bericht-id ${messageId}), maar uw sessie verliep voordat het ontvangstbewijs was gecontroleerd. Log opnieuw in en open het bericht onder Verzonden: daar wordt het ontvangstbewijs gecontroleerd. Verstuur het niet opnieuw.`,
      other: (messageId: string) =>
        `Het bericht is door Zegel opgeslagen en afgeleverd (bericht-id ${messageId}), maar daarna ging iets mis. Kies Ontvangstbewijs opnieuw controleren; het bericht wordt dan niet opnieuw verstuurd.`,
      receiptInvalid: (messageId: string) =>
        `Het bericht is door Zegel opgeslagen (bericht-id ${messageId}), maar het ontvangstbewijs klopt niet. Verstuur het niet opnieuw en neem contact op met uw beheerder; vermeld het bericht-id.`,
    },
  },

  verify: {
    heading: 'Ontvangstbewijs controleren',
    intro: 'Plak het ontvangstbewijs (het JSON-bestand van Zegel of alleen de ondertekende tekst) of kies het bestand. De controle gebeurt op deze computer met de gepubliceerde sleutels van Zegel.',
    paste: 'Ontvangstbewijs',
    file: 'Of kies het bestand',
    check: 'Controleren',
    valid: 'Geldig ontvangstbewijs',
    invalid: 'Ongeldig ontvangstbewijs',
    invalidWhy: 'De handtekening, de uitgever of de vorm klopt niet: dit is geen ontvangstbewijs van deze Zegel-server, of het is gewijzigd.',
    unreadable: 'Hierin staat geen ontvangstbewijs. Plak de inhoud van het JSON-bestand of de tekst die met "ey" begint.',
    messageId: 'Bericht-id',
    time: 'Tijdstip (Zegel-server)',
    principal: 'Namens (account)',
    number: 'BAR- of KBvG-nummer',
    none: 'geen',
    recipients: 'Ontvangers',
    parts: 'Opgeslagen versleutelde delen',
    manifest: 'Inhoudsopgave (SHA-256)',
  },
};

export type WebAppTexts = typeof nl;

const en: WebAppTexts = {
  title: 'Zegel web app',
  nav: { label: 'Sections', inbox: 'Inbox', sent: 'Sent', desk: 'Court desk', send: 'New message', verify: 'Verify a receipt' },
  loading: 'Loading…',
  loadFailed: 'This could not be loaded. Please try again.',
  retry: 'Try again',
  back: 'Back to the list',
  sessionEnded: 'Your session has expired. Please log in again.',

  inbox: {
    heading: 'Inbox',
    sentHeading: 'Sent messages',
    whose: 'Which inbox',
    own: (email) => `My inbox (${email})`,
    principal: (email) => `Inbox of ${email} (read access)`,
    empty: 'No messages.',
    listLabel: 'Messages',
    from: 'From',
    onBehalf: 'on behalf of',
    to: 'To',
    when: 'Received',
    sentWhen: 'Sent',
    status: 'Status',
    open: (when) => `Open the message of ${when}`,
    recalled: 'Recalled',
    court: 'Court',
    statusLine: (opened, total) => `${opened} of ${total} opened`,
  },

  message: {
    heading: 'Message',
    decrypting: 'Decrypting the message on this computer…',
    subject: 'Subject',
    noSubject: '(no subject)',
    from: 'From',
    principal: 'On behalf of',
    number: 'BAR or KBvG number',
    sentAt: 'Sent (Zegel server)',
    body: 'Text',
    attachments: 'Attachments',
    noAttachments: 'No attachments.',
    download: (name, size) => `Download ${name} (${size})`,
    recipients: 'Recipients and status',
    recipient: 'Recipient',
    delivered: 'Delivered',
    opened: 'Opened',
    notYet: 'not yet',
    recall: 'Recall the message',
    recallHint: 'You can recall a message as long as nobody opened it. A message to the court cannot be recalled.',
    recallConfirm: 'Are you sure? Recipients can no longer open the message; the receipt remains.',
    recallYes: 'Yes, recall',
    recallNo: 'Do not recall',
    recalledNotice: 'The message was recalled.',
    recalledState: (when) => `This message was recalled on ${when}. Its content is no longer available; the receipt stays valid.`,
    recallRefused: 'It can no longer be recalled: the message was opened already, or it went to the court.',
    reply: 'Reply securely',
    receipt: 'Receipt',
    receiptValid: 'The receipt is signed by Zegel and was checked on this computer.',
    receiptDownload: 'Download the receipt (JSON)',
    signerChanged: (email) => `Note: the key of ${email} changed since you last read a message from this address. Check with the sender that this is right.`,
    failed: {
      notFound: 'This message does not exist or you may not read it.',
      noKey: 'This message cannot be opened with your keys (it was not encrypted for you).',
      signature: "This message's signature does not match the sender's key. It is not shown.",
      tampered: 'The stored message is damaged or was changed. It is not shown.',
      receipt: "This message's receipt does not check out. The message is not shown; report it to your administrator.",
      senderKey: "The sender's key cannot be found or does not match what the server says.",
      unitKey: "The court unit's key could not be opened. Ask another clerk to admit you again.",
      other: 'The message could not be opened. Please try again.',
    },
  },

  desk: {
    heading: 'Court desk: incoming mail',
    unit: 'Unit',
    search: 'Search by case number',
    searchHint: 'Searches the decrypted subjects, on this computer. For example C/13/712345.',
    results: (shown, total) => `${shown} of ${total} messages`,
    decrypting: (done, total) => `Decrypting subjects: ${done} of ${total}…`,
    sender: 'Sender',
    principal: 'On behalf of',
    number: 'BAR number',
    subject: 'Subject',
    received: 'Received',
    subjectUnavailable: '(cannot be decrypted)',
    noUnits: 'You are not a clerk of a unit with a key.',
    empty: 'No messages for this unit.',
    noMatch: 'No messages with this case number.',
  },

  send: {
    heading: 'New secure message',
    replyHeading: 'Secure reply',
    replyTo: (subject) => `Reply to: ${subject}`,
    recipients: 'Recipients',
    recipientsHint: 'E-mail addresses, separated by commas.',
    subject: 'Subject',
    body: 'Message',
    files: 'Attachments',
    filesHint: 'Large files too: they are encrypted and uploaded in parts of a few megabytes, never all at once.',
    chosen: 'Chosen files',
    remove: (name) => `Remove ${name}`,
    send: 'Check and send securely',
    sendAfterConfirm: 'Confirmed: send securely',
    resume: 'Resume the upload',
    restart: 'Encrypt and send afresh',
    newMessage: 'Another message',
    step: {
      checking: 'Checking recipients, keys and attachments…',
      uploading: (done, total) => `Encrypting and uploading: part ${done} of ${total}`,
      verifying: 'Checking the receipt…',
    },
    progressLabel: 'Upload progress',
    failedHeading: 'Not sent',
    interrupted: 'The upload was interrupted. What was uploaded is kept: choose Resume the upload. Nothing was delivered yet.',
    restartNeeded: 'The upload cannot be resumed. Choose Encrypt and send afresh. Nothing was delivered.',
    commitUnanswered:
      'The message was offered for delivery, but Zegel did not answer: it may already have been delivered. Choose Resume the upload to check whether it was; the message is not sent a second time.',
    fileChanged: (name) => `"${name}" changed or can no longer be read since you chose it. Choose the file again. Nothing was delivered.`,
    doneHeading: 'Sent',
    blockedFooter: 'Nothing was encrypted or sent. Change the message and choose Check and send securely again.',
    tooLarge: (size, max) => `With attachments this message is ${size}; Zegel sends at most ${max} per message.`,
    tooManyAttachments: (count, max) => `This message has ${count} attachments; at most ${max} can go.`,
    withoutKeyForCourt: (addresses) => `These recipients have no Zegel key: ${list(addresses)}. A reply for the court goes only to recipients with a key: remove them from this message.`,
    guestsRefused:
      'Zegel did not accept the access for a recipient without an account (the mobile number, for example). Check the details and choose Check and send securely again. Nothing was delivered.',
    checkReceiptAgain: 'Check the receipt again',
    afterCommit: {
      network: (messageId) =>
        `Zegel stored and delivered the message (message id ${messageId}), but the receipt could not be checked: Zegel cannot be reached. Choose Check the receipt again; the message is not sent again.`,
      session: (messageId) =>
        `Zegel stored and delivered the message (message id ${messageId}), but your session expired before the receipt was checked. Log in again and open the message under Sent, where its receipt is checked. Do not send it again.`,
      other: (messageId) =>
        `Zegel stored and delivered the message (message id ${messageId}), but something went wrong after that. Choose Check the receipt again; the message is not sent again.`,
      receiptInvalid: (messageId) =>
        `Zegel stored the message (message id ${messageId}), but its receipt does not check out. Do not send it again, and contact your administrator; mention the message id.`,
    },
  },

  verify: {
    heading: 'Verify a receipt',
    intro: "Paste the receipt (Zegel's JSON file, or only the signed text) or choose the file. It is checked on this computer with Zegel's published keys.",
    paste: 'Receipt',
    file: 'Or choose the file',
    check: 'Verify',
    valid: 'Valid receipt',
    invalid: 'Invalid receipt',
    invalidWhy: 'The signature, the issuer or the form does not check out: this is not a receipt of this Zegel server, or it was changed.',
    unreadable: 'There is no receipt in this. Paste the content of the JSON file, or the text starting with "ey".',
    messageId: 'Message id',
    time: 'Time (Zegel server)',
    principal: 'On behalf of (account)',
    number: 'BAR or KBvG number',
    none: 'none',
    recipients: 'Recipients',
    parts: 'Stored encrypted parts',
    manifest: 'Table of contents (SHA-256)',
  },
};

export const WEB_APP_TEXTS: Record<Language, WebAppTexts> = { nl, en };

export function webTexts(language: Language): WebAppTexts {
  return WEB_APP_TEXTS[language];
}

/**
 * Secure send's texts for its panels (checks, access codes, receipt, guests' links), with the
 * Outlook-only wording replaced. `guests: false` when no access code can be offered (a reply signed for
 * the court): recipients without a key are then only to be removed.
 */
export function sendTexts(language: Language, options: { guests: boolean } = { guests: true }): SecureSendTexts {
  const base = secureSendTexts(language);
  const web = WEB_APP_TEXTS[language].send;
  return {
    ...base,
    blockedFooter: web.blockedFooter,
    blocker: { ...base.blocker, tooLarge: web.tooLarge, tooManyAttachments: web.tooManyAttachments, ...(options.guests ? {} : { withoutKey: web.withoutKeyForCourt }) },
  };
}
