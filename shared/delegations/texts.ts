// What the user reads about delegations and shared mailboxes, Dutch and English. The API puts these in
// its refusals (error.texts) and the pane can show the same ones.
import type { Texts } from '../professional/messages';

export const DELEGATION_TEXTS = {
  /** The address has no active account with keys. */
  delegateWithoutAccount: {
    nl: 'Voor dit e-mailadres bestaat nog geen Zegel-account. Vraag de medewerker eerst stap 2 en 3 te doen: een account aanmaken en activeren, en een extra inlogmethode instellen. Daarna kunt u toegang verlenen.',
    en: 'There is no Zegel account for this e-mail address yet. Ask them to do steps 2 and 3 first: create and activate an account, and set up an additional login method. Then you can grant access.',
  },
  /** The account exists but has no second factor. */
  delegateWithoutSecondFactor: {
    nl: 'Deze medewerker heeft nog geen extra inlogmethode ingesteld. Vraag hem of haar eerst stap 2 en 3 te doen (account activeren en een extra inlogmethode instellen). Daarna kunt u toegang verlenen.',
    en: 'This person has not set up an additional login method yet. Ask them to do steps 2 and 3 first (activate the account and set up an additional login method). Then you can grant access.',
  },
  /** Only a lawyer or bailiff with an active Rechtspraak connection (steps 1–4) may grant. */
  granterNotConnected: {
    nl: 'U kunt pas toegang verlenen als stap 1 tot en met 4 klaar zijn: uw account is actief, beveiligd met een extra inlogmethode, en uw BAR- of KBvG-nummer is gekoppeld (de koppeling met de Rechtspraak is actief).',
    en: 'You can grant access only once steps 1 to 4 are done: your account is active, secured with an additional login method, and your BAR or KBvG number is linked (the Rechtspraak connection is active).',
  },
  signatureInvalid: {
    nl: 'De toegang kon niet worden vastgelegd: de ondertekening door uw sleutel klopt niet. Log opnieuw in en probeer het nog eens.',
    en: 'The access could not be recorded: the signature with your key is not valid. Log in again and try once more.',
  },
  delegateKeyChanged: {
    nl: 'De sleutel van deze medewerker is intussen veranderd. Zoek de medewerker opnieuw op en controleer de vingerafdruk voordat u toegang verleent.',
    en: "This person's key has changed meanwhile. Look them up again and check the fingerprint before you grant access.",
  },
  clockSkew: {
    nl: 'De tijd van uw computer wijkt te veel af. Controleer de klok en probeer het opnieuw.',
    en: "Your computer's clock is too far off. Check the clock and try again.",
  },
  expiryInPast: {
    nl: 'De einddatum ligt in het verleden. Kies een latere datum of geen einddatum.',
    en: 'The end date is in the past. Choose a later date or no end date.',
  },
  notForSomeoneElse: {
    nl: 'U kunt alleen toegang tot uw eigen account verlenen. Een medewerker met toegang kan die niet doorgeven.',
    en: 'You can only grant access to your own account. Someone with delegated access cannot pass it on.',
  },
  exists: {
    nl: 'Deze medewerker heeft al toegang (of een uitnodiging daarvoor). Trek die eerst in als u de rechten of de einddatum wilt wijzigen.',
    en: 'This person already has access (or an invitation to it). Revoke it first if you want to change the rights or the end date.',
  },
} as const satisfies Record<string, Texts>;

export const MAILBOX_TEXTS = {
  codeInvalid: {
    nl: 'Deze code is niet juist of verlopen. Vraag een nieuwe code aan; die sturen wij naar de gedeelde mailbox.',
    en: 'This code is not correct or has expired. Request a new code; we send it to the shared mailbox.',
  },
  taken: {
    nl: 'Deze mailbox is al door een ander kantoor geregistreerd.',
    en: 'This mailbox is already registered by another firm.',
  },
  codeSent: {
    nl: 'Wij hebben een code naar de gedeelde mailbox gestuurd. Vul die hier in om de mailbox te registreren. De code werkt 30 minuten.',
    en: 'We sent a code to the shared mailbox. Enter it here to register the mailbox. The code works for 30 minutes.',
  },
} as const satisfies Record<string, Texts>;
