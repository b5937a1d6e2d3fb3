// Secure send's texts, Dutch first and English second. Texts with values are functions, so a missing
// value is a type error rather than a "{name}" on screen. Codes map to texts here; the flow never
// switches on text.
import type { ConnectionProblem } from './types';
import type { PdfProblem } from './preflight';
import type { PhoneProblem } from '../../shared/phone/numbers';
import type { AccessCodeProblem } from '../../shared/crypto/guest-access';

const list = (items: readonly string[]) => items.join(', ');

const nl = {
  title: 'Veilig versturen',
  intro: 'Zegel versleutelt dit bericht en de bijlagen op deze computer en levert het af via Zegel. U krijgt een ontvangstbewijs dat iedereen kan controleren.',
  loading: 'Het concept wordt gelezen…',
  loadFailed: 'Outlook gaf het concept niet door. Kies Vernieuwen om het opnieuw te proberen.',
  refresh: 'Vernieuwen',

  recipientsHeading: 'Ontvangers',
  noRecipients: 'Nog geen ontvangers.',
  field: { to: 'Aan', cc: 'CC', bcc: 'BCC' } as Record<'to' | 'cc' | 'bcc', string>,
  courtBadge: 'Rechtspraak',
  courtBadgeLong: 'Ontvanger bij de Rechtspraak (kenmerk van Zegel, geen onderdeel van de Rechtspraak)',

  senderHeading: 'Afzender',
  fromLine: (address: string) => `Van (volgens Outlook): ${address}`,
  fromUnknown: 'Outlook geeft het Van-adres niet door.',
  principalLegend: 'Namens wie verstuurt u dit bericht?',
  principalHint: 'Het Van-adres in Outlook is niet altijd betrouwbaar. Controleer de keuze; het ontvangstbewijs noemt de advocaat namens wie u verstuurt en uzelf.',
  principalSelf: (email: string) => `Uzelf (${email})`,
  principalOther: (email: string, number: string | null) => (number ? `${email} (${number})` : email),
  principalMatchesFrom: 'past bij het Van-adres',
  principalChooseFirst: 'Kies eerst namens wie u verstuurt.',
  sendingAsSelf: (email: string) => `U verstuurt als uzelf: ${email}.`,
  principalsUnavailable: 'De lijst van advocaten namens wie u mag versturen kon niet worden geladen. Kies Vernieuwen.',
  fromChanged: 'Het Van-adres is veranderd. Controleer namens wie u verstuurt en kies opnieuw Versturen.',

  attachmentsHeading: 'Bijlagen',
  noAttachments: 'Geen bijlagen.',
  attachmentLine: (name: string, size: string) => `${name} (${size})`,
  limitHint: (max: string) => `Vanuit Outlook verstuurt Zegel samen ten hoogste ${max}. Grotere bestanden verstuurt u via de Zegel-webapp.`,
  webAppLink: 'Zegel-webapp openen',

  send: 'Controleren en veilig versturen',
  sendAfterConfirm: 'Bevestigd: veilig versturen',
  retry: 'Opnieuw proberen',

  step: {
    reading: 'Concept lezen…',
    checking: 'Controleren: ontvangers, sleutels en bijlagen…',
    encrypting: 'Versleutelen op deze computer…',
    guests: 'Toegang voor ontvangers zonder account vastleggen…',
    uploading: 'Versleutelde delen uploaden…',
    verifying: 'Ontvangstbewijs controleren…',
  },

  blockedHeading: 'Dit bericht kan zo niet worden verstuurd',
  blockedFooter: 'Er is niets versleuteld of verstuurd en het concept is niet veranderd. Pas het concept aan en kies opnieuw Controleren en veilig versturen.',
  blocker: {
    noRecipients: 'Voeg ten minste één ontvanger toe.',
    tooManyRecipients: (count: number, max: number) => `Dit bericht heeft ${count} ontvangers; veilig versturen kan naar ten hoogste ${max}.`,
    groupRecipient: (names: readonly string[]) => `Contactgroepen kunnen geen versleutelde berichten ontvangen: ${list(names)}. Zet de personen afzonderlijk in Aan of CC.`,
    addressInvalid: (names: readonly string[]) => `Deze ontvangers hebben geen geldig e-mailadres: ${list(names)}.`,
    withoutKey: (addresses: readonly string[]) =>
      `Deze ontvangers hebben geen Zegel-sleutel: ${list(addresses)}. Geef hun hieronder een toegangscode, of haal ze uit dit bericht.`,
    courtWithoutKey: (addresses: readonly string[]) =>
      `Zegel kent geen sleutel van de Rechtspraak voor ${list(addresses)}. Controleer het adres. Een adres van de Rechtspraak kan geen toegangscode krijgen; verstuur dit bericht niet op een andere manier.`,
    unitWithoutKey: (addresses: readonly string[]) =>
      `Deze organisatie kan nog geen beveiligde berichten ontvangen, want zij heeft nog geen Zegel-sleutel: ${list(addresses)}. Haal dit adres uit het bericht.`,
    keyUnusable: (addresses: readonly string[]) => `De sleutel van ${list(addresses)} is onbruikbaar of klopt niet met wat de server opgeeft. Neem contact op met de ontvanger of met uw beheerder.`,
    courtKeyNotTrusted: (addresses: readonly string[]) =>
      `Sleutel van de Rechtspraak niet vertrouwd: de sleutel voor ${list(addresses)} is niet een van de sleutels die in Zegel zijn ingebouwd. Verstuur dit bericht niet op een andere manier en meld het aan uw beheerder.`,
    noPrincipal: 'Kies namens wie u dit bericht verstuurt.',
    principalEnded: 'U mag niet meer versturen namens de advocaat die u had gekozen: de machtiging is ingetrokken of verlopen. Er is niets verstuurd. Vraag de advocaat de machtiging te controleren, of verstuur op eigen naam.',
    principalKeyMissing: (email: string) => `Van ${email} is geen bruikbare sleutel bekend, dus het bericht kan niet ook voor deze advocaat worden versleuteld. Vraag ${email} om in te loggen bij Zegel.`,
    courtConnectionSelf: 'Uw verbinding met de Rechtspraak is niet actief. Dat is nodig om naar de Rechtspraak te versturen.',
    courtConnectionOther: (email: string) =>
      `De verbinding met de Rechtspraak van ${email} is niet actief. Vraag ${email} om in Zegel het BAR- of KBvG-nummer te koppelen en een extra inlogmethode ingesteld te houden; daarna kunt u namens deze advocaat naar de Rechtspraak versturen.`,
    connectionStep: {
      'second-factor-missing': 'Stel in Zegel een extra inlogmethode in (authenticator-app of sms).',
      'not-linked': 'Koppel in Zegel uw BAR- of KBvG-nummer (met de letter A voor een BAR-nummer).',
      'email-changed': 'Het register vermeldt bij uw nummer een ander e-mailadres dan dat van uw account. Laat het register aanpassen; u krijgt dan een nieuwe uitnodiging.',
      'entry-removed': 'Uw nummer staat niet (meer) actief in het register. Neem contact op met de NOvA of de KBvG.',
    } as Record<ConnectionProblem, string>,
    connectionStepUnknown: 'Open in Zegel de koppeling van uw BAR- of KBvG-nummer en volg de stappen die daar staan.',
    tooManyAttachments: (count: number, max: number) => `Dit bericht heeft ${count} bijlagen; vanuit Outlook kunnen er ten hoogste ${max} mee.`,
    tooLarge: (size: string, max: string) => `Het bericht is met bijlagen ${size}; vanuit Outlook kan Zegel ten hoogste ${max} versturen. Verstuur grotere bestanden via de Zegel-webapp.`,
    attachmentCloud: (name: string) => `"${name}" is een koppeling naar een bestand in de cloud. Voeg het bestand zelf toe als bijlage.`,
    attachmentUnreadable: (name: string) => `Outlook gaf de inhoud van "${name}" niet door. Verwijder de bijlage en voeg haar opnieuw toe.`,
    attachmentEmpty: (name: string) => `"${name}" is leeg (0 bytes). Voeg het juiste bestand toe.`,
    pdf: (name: string, reason: string) => `"${name}": ${reason} Maak de pdf opnieuw (bijvoorbeeld met Opslaan als pdf) en voeg hem opnieuw toe.`,
    pdfReason: {
      'not-a-pdf': 'dit is geen pdf-bestand, al heet het wel zo.',
      incomplete: 'het bestand is onvolledig (afgebroken bij het opslaan of downloaden).',
      damaged: 'het bestand is beschadigd en opent niet.',
      encrypted: 'de pdf is beveiligd met een wachtwoord of met beperkingen; de Rechtspraak kan hem dan niet verwerken. Sla hem op zonder beveiliging.',
      'no-pages': "de pdf heeft geen pagina's.",
      'pages-missing': "er ontbreken pagina's of pagina-inhoud.",
    } as Record<PdfProblem, string>,
  },

  guestsHeading: 'Ontvangers zonder Zegel-account',
  guestsIntro:
    'Deze ontvangers hebben geen Zegel-sleutel. Geeft u hun een toegangscode, dan openen zij het bericht in de Zegel-webapp met een link die u hun na het versturen zelf mailt, samen met de code die u apart doorgeeft, bijvoorbeeld telefonisch. Wie geen code krijgt, haalt u uit het bericht.',
  guest: {
    give: (address: string) => `Toegangscode geven aan ${address}`,
    codeLabel: (address: string) => `Toegangscode voor ${address}`,
    codeHint: (min: number) =>
      `Ten minste ${min} tekens; spaties en streepjes tellen niet mee en hoofdletters zijn gelijk aan kleine letters. Zegel stelt een code voor; u mag hem wijzigen. De code alleen opent het bericht niet: ook de link is nodig, en na 10 foute pogingen gaat de toegang op slot.`,
    codeProblem: {
      'too-short': (min: number) => `De toegangscode is te kort: ten minste ${min} tekens, spaties en streepjes niet meegeteld.`,
      'too-long': (max: number) => `De toegangscode is te lang: ten hoogste ${max} tekens.`,
    } as Record<AccessCodeProblem, (limit: number) => string>,
    mobileLabel: (address: string) => `Mobiel nummer van ${address} voor een sms-code (optioneel)`,
    mobileHint: 'Een Nederlands 06-nummer, of een buitenlands nummer met + en landcode. De ontvanger krijgt dan bij het openen ook een sms-code.',
    mobileProblem: {
      empty: 'Vul een mobiel nummer in, of laat het veld leeg.',
      'too-long-input': 'Dit is te lang voor een telefoonnummer.',
      'invalid-characters': 'Een telefoonnummer bevat alleen cijfers, spaties, "+", "-", "." en haakjes.',
      'misplaced-plus': 'Een "+" staat alleen vooraan, voor de landcode.',
      'missing-country-code': 'Begin een buitenlands nummer met "+" en de landcode.',
      'invalid-country-code': 'Een landcode begint nooit met 0.',
      'too-short': 'Dit nummer heeft te weinig cijfers.',
      'too-long': 'Dit nummer heeft te veel cijfers (ten hoogste 15, met landcode).',
      'dutch-number-length': 'Een Nederlands mobiel nummer heeft 10 cijfers: 06 en nog 8.',
      'not-a-dutch-mobile-number': 'Een Nederlands nummer moet een mobiel nummer zijn (06…): andere nummers ontvangen geen sms.',
    } as Record<PhoneProblem, string>,
    fixFirst: 'Verbeter de gemarkeerde velden. Er is niets versleuteld of verstuurd.',
  },
  sendWithGuests: 'Veilig versturen, met toegangscode',

  guestAccessHeading: 'Toegang voor ontvangers zonder account',
  guestAccessIntro:
    'Geef elke ontvanger hieronder twee dingen, elk langs een eigen weg: de link in een e-mail die u zelf verstuurt, de code telefonisch of persoonlijk. Zegel bewaart de link nergens: kopieer hem nu, na het sluiten van dit venster is hij weg. Zegel stuurt de ontvanger zelf alleen een melding zonder de link.',
  guestAccess: {
    linkLabel: (address: string) => `Link voor ${address}`,
    linkHint: 'Stuur deze link zelf per e-mail aan de ontvanger.',
    codeLabel: (address: string) => `Toegangscode voor ${address}`,
    codeHint: 'Geef deze code telefonisch of persoonlijk door, nooit in dezelfde e-mail als de link.',
    copyLink: 'Link kopiëren',
    copyCode: 'Code kopiëren',
    copyFor: (what: string, address: string) => `${what} voor ${address}`,
    copied: (what: string, address: string) => `${what} voor ${address}: gekopieerd.`,
    copyFailed: 'Kopiëren lukte niet. Selecteer de tekst in het veld en kopieer hem met Ctrl+C.',
    link: 'Link',
    code: 'Toegangscode',
    sms: (last2: string) => `Bij het openen krijgt de ontvanger ook een sms-code op het nummer dat eindigt op ${last2}.`,
    expiry: (days: number) => `De toegang vervalt ${days} dagen na het versturen.`,
    committed: (messageId: string) =>
      `Deze links en codes horen bij bericht ${messageId}, dat Zegel heeft opgeslagen. Het ontvangstbewijs van dit bericht is niet bevestigd (zie hierboven).`,
  },
  guestMark: 'met toegangscode',

  confirmHeading: 'Bevestig voordat u verstuurt',
  confirmIntro: 'Vink elk punt aan om toch te versturen.',
  confirm: {
    emptySubject: 'Het onderwerp is leeg. Toch versturen zonder onderwerp.',
    emptyBody: 'De tekst van het bericht is leeg. Toch versturen zonder tekst.',
    keyChanged: (address: string, previous: string, current: string) =>
      `De sleutel van ${address} is veranderd sinds u eerder naar dit adres verstuurde (was ${previous}, nu ${current}). Ik heb bij ${address} nagevraagd dat de nieuwe sleutel klopt.`,
  },

  failedHeading: 'Niet verstuurd',
  afterCommitHeading: 'Verstuurd, ontvangstbewijs niet bevestigd',
  commitUnansweredHeading: 'Mogelijk verstuurd, geen antwoord van Zegel',
  failure: {
    afterCommit: {
      network: (messageId: string) =>
        `Het bericht is door Zegel opgeslagen en afgeleverd (bericht-id ${messageId}), maar het ontvangstbewijs kon niet worden opgehaald: Zegel is niet bereikbaar. Kies Opnieuw proberen zonder het concept te wijzigen: dan controleert Zegel het ontvangstbewijs van ditzelfde bericht.`,
      session: (messageId: string) =>
        `Het bericht is door Zegel opgeslagen en afgeleverd (bericht-id ${messageId}), maar uw sessie verliep voordat het ontvangstbewijs was gecontroleerd. Log opnieuw in en kies Versturen zonder het concept te wijzigen: dan controleert Zegel het ontvangstbewijs van ditzelfde bericht.`,
      other: (messageId: string) =>
        `Het bericht is door Zegel opgeslagen en afgeleverd (bericht-id ${messageId}), maar daarna ging iets mis. Kies Opnieuw proberen zonder het concept te wijzigen: dan controleert Zegel het ontvangstbewijs van ditzelfde bericht.`,
    },
    commitUnanswered: {
      retry: (messageId: string) =>
        `Het bericht (bericht-id ${messageId}) is ter aflevering aangeboden, maar Zegel gaf geen antwoord: het kan al zijn afgeleverd. Kies Opnieuw proberen zonder het concept te wijzigen: dan controleert Zegel of ditzelfde bericht is afgeleverd, en het wordt niet nog een keer verstuurd.`,
      session: (messageId: string) =>
        `Het bericht (bericht-id ${messageId}) is ter aflevering aangeboden, maar uw sessie verliep voordat Zegel antwoordde: het kan al zijn afgeleverd. Log opnieuw in en kies Versturen zonder het concept te wijzigen: dan controleert Zegel of ditzelfde bericht is afgeleverd, en het wordt niet nog een keer verstuurd.`,
    },
    network: 'Zegel is niet bereikbaar. Wat al is geüpload blijft bewaard: kies Opnieuw proberen. Er is nog niets afgeleverd en het concept is niet veranderd.',
    session: 'Uw sessie is verlopen. Log opnieuw in en kies daarna opnieuw Versturen. Er is niets afgeleverd en het concept is niet veranderd.',
    forbidden: 'U mag (niet meer) namens deze advocaat versturen. Vraag de advocaat de machtiging te controleren. Er is niets afgeleverd.',
    courtConnection: 'De verbinding met de Rechtspraak is niet actief. Koppel het BAR- of KBvG-nummer in Zegel en probeer het opnieuw. Er is niets afgeleverd.',
    withoutKey: 'Een ontvanger kan geen beveiligde berichten ontvangen. Haal deze ontvanger uit het bericht. Er is niets afgeleverd.',
    guests: 'Zegel nam de toegang voor een ontvanger zonder account niet aan (bijvoorbeeld het mobiele nummer). Controleer de gegevens en probeer het opnieuw. Er is niets afgeleverd.',
    tooLarge: 'Het bericht is te groot om vanuit Outlook te versturen. Gebruik de Zegel-webapp. Er is niets afgeleverd.',
    restart: 'De server heeft voor dit bericht al andere delen. Kies Opnieuw proberen om het bericht opnieuw te versleutelen en te versturen. Er is niets afgeleverd.',
    keyUnusable: 'Een sleutel kon niet worden gebruikt om te versleutelen. Er is niets verstuurd; neem contact op met uw beheerder.',
    readDraft: 'Outlook gaf het concept niet (volledig) door. Probeer het opnieuw; er is niets verstuurd.',
    outlookTooOld: 'Deze versie van Outlook geeft bijlagen niet door aan invoegtoepassingen. Verstuur dit bericht via de Zegel-webapp.',
    receiptInvalid: (messageId: string) =>
      `Het bericht is door Zegel opgeslagen (bericht-id ${messageId}), maar het ontvangstbewijs klopt niet. Verstuur dit concept niet op de gewone manier en neem contact op met uw beheerder; vermeld het bericht-id.`,
    other: 'Er ging iets mis. Er is niets afgeleverd en het concept is niet veranderd. Probeer het opnieuw.',
  },

  receiptHeading: 'Ontvangstbewijs',
  receiptIntro: 'Het bericht is versleuteld afgeleverd. Het ontvangstbewijs is door Zegel ondertekend en op deze computer gecontroleerd.',
  receiptTime: 'Tijdstip (Zegel-server)',
  receiptMessageId: 'Bericht-id',
  receiptPrincipal: 'Namens',
  receiptActor: 'Verstuurd door',
  receiptActorSelf: 'uzelf',
  receiptNumber: 'BAR- of KBvG-nummer',
  receiptNoNumber: 'geen (niet naar de Rechtspraak)',
  receiptRecipients: 'Ontvangers',
  receiptAttachments: 'Bijlagen en hun SHA-256',
  receiptNoAttachments: 'geen',
  receiptDownload: 'Ontvangstbewijs downloaden (JSON)',
  receiptFileName: (messageId: string) => `zegel-ontvangstbewijs-${messageId}.json`,

  evidenceHeading: 'Notitie in Verzonden items',
  evidence: {
    working: 'Het concept wordt omgezet in een notitie aan uzelf…',
    sent: 'Het concept is omgezet in een notitie aan uw eigen adres met het ontvangstbewijs, zonder bijlagen, en verstuurd: u vindt de notitie in Verzonden items. Er is geen onversleutelde kopie naar de Rechtspraak gegaan.',
    pressSend:
      'Het concept is nu een notitie aan uw eigen adres met het ontvangstbewijs, zonder bijlagen en zonder ontvangers bij de Rechtspraak. Klik in Outlook op Verzenden, dan staat de notitie als bewijs in Verzonden items.',
    failed:
      'Het bericht is veilig afgeleverd (zie het ontvangstbewijs), maar Outlook kon het concept niet omzetten. Verstuur dit concept niet zoals het is: verwijder het, of haal zelf de ontvangers en bijlagen weg.',
    noOwnAddress: 'Het bericht is veilig afgeleverd, maar Outlook gaf uw eigen adres niet door. Verstuur dit concept niet zoals het is: verwijder het.',
    retry: 'Concept opnieuw omzetten',
  },

  note: {
    subjectPrefix: '[Zegel-ontvangstbewijs]',
    title: 'Ontvangstbewijs van Zegel',
    intro: 'Dit bericht is versleuteld verstuurd met Zegel. Deze notitie is uw bewijs; de inhoud en de bijlagen zijn niet onversleuteld verstuurd.',
    time: 'Tijdstip (Zegel-server)',
    messageId: 'Bericht-id',
    principal: 'Namens',
    actor: 'Verstuurd door',
    number: 'BAR- of KBvG-nummer',
    recipients: 'Ontvangers',
    court: 'Rechtspraak',
    guest: 'zonder Zegel-account, toegang met code',
    guests: 'Ontvangers zonder Zegel-account openen het bericht met een link en een toegangscode die u zelf doorgeeft. Die staan bewust niet in deze notitie.',
    subject: 'Onderwerp',
    attachments: 'Bijlagen (SHA-256 van het bestand)',
    none: 'geen',
    jws: 'Ondertekend ontvangstbewijs (JWS). Iedereen kan het controleren met de gepubliceerde ontvangstsleutels van Zegel:',
  },
};

export type SecureSendTexts = typeof nl;

const en: SecureSendTexts = {
  title: 'Secure send',
  intro: 'Zegel encrypts this message and its attachments on this computer and delivers it through Zegel. You get a receipt anyone can verify.',
  loading: 'Reading the draft…',
  loadFailed: 'Outlook did not hand over the draft. Choose Refresh to try again.',
  refresh: 'Refresh',

  recipientsHeading: 'Recipients',
  noRecipients: 'No recipients yet.',
  field: { to: 'To', cc: 'Cc', bcc: 'Bcc' },
  courtBadge: 'Court',
  courtBadgeLong: 'Recipient at de Rechtspraak (a Zegel mark, not part of de Rechtspraak)',

  senderHeading: 'Sender',
  fromLine: (address) => `From (as Outlook says): ${address}`,
  fromUnknown: 'Outlook does not tell the From address.',
  principalLegend: 'On whose behalf do you send this message?',
  principalHint: "Outlook's From address is not always reliable. Check the choice; the receipt names the lawyer you send for and you.",
  principalSelf: (email) => `Yourself (${email})`,
  principalOther: (email, number) => (number ? `${email} (${number})` : email),
  principalMatchesFrom: 'matches the From address',
  principalChooseFirst: 'First choose on whose behalf you send.',
  sendingAsSelf: (email) => `You send as yourself: ${email}.`,
  principalsUnavailable: 'The lawyers you may send for could not be loaded. Choose Refresh.',
  fromChanged: 'The From address changed. Check on whose behalf you send and choose Send again.',

  attachmentsHeading: 'Attachments',
  noAttachments: 'No attachments.',
  attachmentLine: (name, size) => `${name} (${size})`,
  limitHint: (max) => `From Outlook, Zegel sends at most ${max} in total. Send larger files through the Zegel web app.`,
  webAppLink: 'Open the Zegel web app',

  send: 'Check and send securely',
  sendAfterConfirm: 'Confirmed: send securely',
  retry: 'Try again',

  step: {
    reading: 'Reading the draft…',
    checking: 'Checking recipients, keys and attachments…',
    encrypting: 'Encrypting on this computer…',
    guests: 'Setting up access for recipients without an account…',
    uploading: 'Uploading the encrypted parts…',
    verifying: 'Checking the receipt…',
  },

  blockedHeading: 'This message cannot be sent like this',
  blockedFooter: 'Nothing was encrypted or sent, and the draft is unchanged. Change the draft and choose Check and send securely again.',
  blocker: {
    noRecipients: 'Add at least one recipient.',
    tooManyRecipients: (count, max) => `This message has ${count} recipients; secure send allows at most ${max}.`,
    groupRecipient: (names) => `Contact groups cannot receive encrypted messages: ${list(names)}. Put the people in To or Cc one by one.`,
    addressInvalid: (names) => `These recipients have no valid e-mail address: ${list(names)}.`,
    withoutKey: (addresses) => `These recipients have no Zegel key: ${list(addresses)}. Give them an access code below, or remove them from this message.`,
    courtWithoutKey: (addresses) =>
      `Zegel knows no court key for ${list(addresses)}. Check the address. A court address cannot be given an access code; do not send this message another way.`,
    unitWithoutKey: (addresses) => `This organisation cannot receive secure messages yet, as it has no Zegel key yet: ${list(addresses)}. Remove this address from the message.`,
    keyUnusable: (addresses) => `The key of ${list(addresses)} is unusable or does not match what the server says. Contact the recipient or your administrator.`,
    courtKeyNotTrusted: (addresses) =>
      `Court key not trusted: the key for ${list(addresses)} is not one of the keys built into Zegel. Do not send this message another way, and report this to your administrator.`,
    noPrincipal: 'Choose on whose behalf you send this message.',
    principalEnded: 'You may no longer send on behalf of the lawyer you chose: the delegation was revoked or has expired. Nothing was sent. Ask the lawyer to check the delegation, or send in your own name.',
    principalKeyMissing: (email) => `No usable key is known for ${email}, so the message cannot also be encrypted for this lawyer. Ask ${email} to log in to Zegel.`,
    courtConnectionSelf: 'Your connection with de Rechtspraak is not active. It is needed to send to the court.',
    courtConnectionOther: (email) =>
      `The connection with de Rechtspraak of ${email} is not active. Ask ${email} to link the BAR or KBvG number in Zegel and keep an additional login method set up; then you can send to the court on this lawyer's behalf.`,
    connectionStep: {
      'second-factor-missing': 'Set up an additional login method in Zegel (authenticator app or SMS).',
      'not-linked': 'Link your BAR or KBvG number in Zegel (with the letter A for a BAR number).',
      'email-changed': "The register lists another e-mail address with your number than your account's. Have the register changed; you then get a new invitation.",
      'entry-removed': 'Your number is not (or no longer) active in the register. Contact the NOvA or the KBvG.',
    },
    connectionStepUnknown: 'Open the link of your BAR or KBvG number in Zegel and follow the steps shown there.',
    tooManyAttachments: (count, max) => `This message has ${count} attachments; from Outlook at most ${max} can go.`,
    tooLarge: (size, max) => `With attachments this message is ${size}; from Outlook, Zegel sends at most ${max}. Send larger files through the Zegel web app.`,
    attachmentCloud: (name) => `"${name}" is a link to a file in the cloud. Attach the file itself.`,
    attachmentUnreadable: (name) => `Outlook did not hand over the content of "${name}". Remove the attachment and attach it again.`,
    attachmentEmpty: (name) => `"${name}" is empty (0 bytes). Attach the right file.`,
    pdf: (name, reason) => `"${name}": ${reason} Make the PDF again (for example with Save as PDF) and attach it again.`,
    pdfReason: {
      'not-a-pdf': 'this is not a PDF file, although it is named like one.',
      incomplete: 'the file is incomplete (cut off while saving or downloading).',
      damaged: 'the file is damaged and does not open.',
      encrypted: 'the PDF is protected with a password or restrictions; the court cannot process it then. Save it without protection.',
      'no-pages': 'the PDF has no pages.',
      'pages-missing': 'pages or page content are missing.',
    },
  },

  guestsHeading: 'Recipients without a Zegel account',
  guestsIntro:
    'These recipients have no Zegel key. If you give them an access code, they open the message in the Zegel web app with a link you e-mail them yourself after sending, together with the code you pass on separately, for example by phone. Remove anyone who gets no code from the message.',
  guest: {
    give: (address) => `Give ${address} an access code`,
    codeLabel: (address) => `Access code for ${address}`,
    codeHint: (min) =>
      `At least ${min} characters; spaces and hyphens do not count and upper and lower case are the same. Zegel suggests a code; you may change it. The code alone does not open the message: the link is needed too, and access locks after 10 wrong attempts.`,
    codeProblem: {
      'too-short': (min) => `The access code is too short: at least ${min} characters, not counting spaces and hyphens.`,
      'too-long': (max) => `The access code is too long: at most ${max} characters.`,
    },
    mobileLabel: (address) => `Mobile number of ${address} for an SMS code (optional)`,
    mobileHint: 'A Dutch 06 number, or a number abroad with + and the country code. The recipient then also gets an SMS code when opening.',
    mobileProblem: {
      empty: 'Enter a mobile number, or leave the field empty.',
      'too-long-input': 'This is too long to be a phone number.',
      'invalid-characters': 'A phone number may contain only digits, spaces, "+", "-", "." and brackets.',
      'misplaced-plus': 'A "+" may only stand at the start, before the country code.',
      'missing-country-code': 'Start a number from outside the Netherlands with "+" and the country code.',
      'invalid-country-code': 'A country code never starts with 0.',
      'too-short': 'This number has too few digits.',
      'too-long': 'This number has too many digits (at most 15, country code included).',
      'dutch-number-length': 'A Dutch mobile number has 10 digits: 06 and 8 more.',
      'not-a-dutch-mobile-number': 'A Dutch number must be a mobile number (06…): other numbers cannot receive SMS.',
    },
    fixFirst: 'Correct the marked fields. Nothing was encrypted or sent.',
  },
  sendWithGuests: 'Send securely, with access code',

  guestAccessHeading: 'Access for recipients without an account',
  guestAccessIntro:
    'Give each recipient below two things, each by its own route: the link in an e-mail you send yourself, the code by phone or in person. Zegel keeps the link nowhere: copy it now, it is gone once this pane closes. Zegel itself only sends the recipient a notice without the link.',
  guestAccess: {
    linkLabel: (address) => `Link for ${address}`,
    linkHint: 'E-mail this link to the recipient yourself.',
    codeLabel: (address) => `Access code for ${address}`,
    codeHint: 'Pass this code on by phone or in person, never in the same e-mail as the link.',
    copyLink: 'Copy link',
    copyCode: 'Copy code',
    copyFor: (what, address) => `${what} for ${address}`,
    copied: (what, address) => `${what} for ${address}: copied.`,
    copyFailed: 'Copying did not work. Select the text in the field and copy it with Ctrl+C.',
    link: 'Link',
    code: 'Access code',
    sms: (last2) => `When opening, the recipient also gets an SMS code on the number ending in ${last2}.`,
    expiry: (days) => `Access ends ${days} days after sending.`,
    committed: (messageId) =>
      `These links and codes belong to message ${messageId}, which Zegel stored. The receipt of this message was not confirmed (see above).`,
  },
  guestMark: 'with access code',

  confirmHeading: 'Confirm before you send',
  confirmIntro: 'Tick each point to send anyway.',
  confirm: {
    emptySubject: 'The subject is empty. Send without a subject anyway.',
    emptyBody: 'The message text is empty. Send without text anyway.',
    keyChanged: (address, previous, current) =>
      `The key of ${address} changed since you last sent to this address (was ${previous}, now ${current}). I checked with ${address} that the new key is right.`,
  },

  failedHeading: 'Not sent',
  afterCommitHeading: 'Sent, receipt not confirmed',
  commitUnansweredHeading: 'Possibly sent, no answer from Zegel',
  failure: {
    afterCommit: {
      network: (messageId) =>
        `Zegel stored and delivered the message (message id ${messageId}), but the receipt could not be fetched: Zegel cannot be reached. Choose Try again without changing the draft, and Zegel checks the receipt of this same message.`,
      session: (messageId) =>
        `Zegel stored and delivered the message (message id ${messageId}), but your session expired before the receipt was checked. Log in again and choose Send without changing the draft, and Zegel checks the receipt of this same message.`,
      other: (messageId) =>
        `Zegel stored and delivered the message (message id ${messageId}), but something went wrong after that. Choose Try again without changing the draft, and Zegel checks the receipt of this same message.`,
    },
    commitUnanswered: {
      retry: (messageId) =>
        `The message (message id ${messageId}) was offered for delivery, but Zegel did not answer: it may already have been delivered. Choose Try again without changing the draft, and Zegel checks whether this same message was delivered; it is not sent a second time.`,
      session: (messageId) =>
        `The message (message id ${messageId}) was offered for delivery, but your session expired before Zegel answered: it may already have been delivered. Log in again and choose Send without changing the draft, and Zegel checks whether this same message was delivered; it is not sent a second time.`,
    },
    network: 'Zegel cannot be reached. What was uploaded is kept: choose Try again. Nothing was delivered yet and the draft is unchanged.',
    session: 'Your session has expired. Log in again, then choose Send again. Nothing was delivered and the draft is unchanged.',
    forbidden: 'You may not (or no longer) send on behalf of this lawyer. Ask the lawyer to check the delegation. Nothing was delivered.',
    courtConnection: 'The connection with de Rechtspraak is not active. Link the BAR or KBvG number in Zegel and try again. Nothing was delivered.',
    withoutKey: 'A recipient cannot receive secure messages. Remove this recipient from the message. Nothing was delivered.',
    guests: 'Zegel did not accept the access for a recipient without an account (the mobile number, for example). Check the details and try again. Nothing was delivered.',
    tooLarge: 'The message is too large to send from Outlook. Use the Zegel web app. Nothing was delivered.',
    restart: 'The server already holds other parts for this message. Choose Try again to encrypt and send the message afresh. Nothing was delivered.',
    keyUnusable: 'A key could not be used to encrypt. Nothing was sent; contact your administrator.',
    readDraft: 'Outlook did not hand over the (whole) draft. Try again; nothing was sent.',
    outlookTooOld: 'This version of Outlook does not hand attachments to add-ins. Send this message through the Zegel web app.',
    receiptInvalid: (messageId) =>
      `Zegel stored the message (message id ${messageId}), but the receipt does not check out. Do not send this draft the ordinary way, and contact your administrator, quoting the message id.`,
    other: 'Something went wrong. Nothing was delivered and the draft is unchanged. Please try again.',
  },

  receiptHeading: 'Receipt',
  receiptIntro: 'The message was delivered encrypted. The receipt is signed by Zegel and was checked on this computer.',
  receiptTime: 'Time (Zegel server)',
  receiptMessageId: 'Message id',
  receiptPrincipal: 'On behalf of',
  receiptActor: 'Sent by',
  receiptActorSelf: 'yourself',
  receiptNumber: 'BAR or KBvG number',
  receiptNoNumber: 'none (not to the court)',
  receiptRecipients: 'Recipients',
  receiptAttachments: 'Attachments and their SHA-256',
  receiptNoAttachments: 'none',
  receiptDownload: 'Download the receipt (JSON)',
  receiptFileName: (messageId) => `zegel-receipt-${messageId}.json`,

  evidenceHeading: 'Note in Sent Items',
  evidence: {
    working: 'Turning the draft into a note to yourself…',
    sent: 'The draft was turned into a note to your own address with the receipt, without attachments, and sent: you find it in Sent Items. No unencrypted copy went to the court.',
    pressSend: 'The draft is now a note to your own address with the receipt, without attachments and without court recipients. Press Send in Outlook to keep the note as evidence in Sent Items.',
    failed: 'The message was delivered securely (see the receipt), but Outlook could not change the draft. Do not send this draft as it is: delete it, or remove its recipients and attachments yourself.',
    noOwnAddress: 'The message was delivered securely, but Outlook did not tell your own address. Do not send this draft as it is: delete it.',
    retry: 'Change the draft again',
  },

  note: {
    subjectPrefix: '[Zegel receipt]',
    title: 'Zegel receipt',
    intro: 'This message was sent encrypted with Zegel. This note is your evidence; the content and the attachments were not sent unencrypted.',
    time: 'Time (Zegel server)',
    messageId: 'Message id',
    principal: 'On behalf of',
    actor: 'Sent by',
    number: 'BAR or KBvG number',
    recipients: 'Recipients',
    court: 'court',
    guest: 'no Zegel account, access with code',
    guests: 'Recipients without a Zegel account open the message with a link and an access code you pass on yourself. Neither is in this note, on purpose.',
    subject: 'Subject',
    attachments: 'Attachments (SHA-256 of the file)',
    none: 'none',
    jws: "Signed receipt (JWS). Anyone can verify it with Zegel's published receipt keys:",
  },
};

export const SECURE_SEND_TEXTS: Record<'nl' | 'en', SecureSendTexts> = { nl, en };

export function textsFor(language: 'nl' | 'en'): SecureSendTexts {
  return SECURE_SEND_TEXTS[language];
}

/** A fingerprint for people: groups of four, so two can be compared aloud over the phone. */
export function groupedFingerprint(fingerprint: string): string {
  return (fingerprint.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}
