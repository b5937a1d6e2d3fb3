// Localised texts for the error codes the taskpane meets: every API code (shared/errors.ts; English
// is the API's own safe message) and the crypto failures the client itself can run into.
import { ERROR_MESSAGE, type ErrorCode } from '../../shared/errors';
import type { Language } from './messages';

/** Failures of the client's own crypto that a user can cause or meet (shared/crypto/errors.ts). */
export type ClientErrorCode = 'KDF_PARAMS_TOO_WEAK' | 'KDF_PARAMS_INVALID' | 'UNWRAP_FAILED' | 'RECOVERY_CODE_MALFORMED' | 'KEYS_LOCKED';
export type UiErrorCode = ErrorCode | ClientErrorCode;

const CLIENT_EN: Record<ClientErrorCode, string> = {
  KDF_PARAMS_TOO_WEAK: 'The server asked for unsafe password settings, so this app refused to use your password. Please contact support.',
  KDF_PARAMS_INVALID: 'The server sent password settings this app cannot use. Please contact support.',
  UNWRAP_FAILED: 'Your keys could not be opened. Check your password or recovery code.',
  RECOVERY_CODE_MALFORMED: 'This is not a valid recovery code. Check it for typing errors.',
  KEYS_LOCKED: 'Please log out and log in again to do this.',
};

/**
 * Dutch for every code. A code added to shared/errors.ts needs its Dutch text here:
 * test/addin/taskpane/i18n.test.tsx fails until it has one; until then users see NL_FALLBACK.
 */
const NL: Partial<Record<UiErrorCode, string>> = {
  VALIDATION_FAILED: 'Dit verzoek is niet geldig. Controleer wat u heeft ingevuld.',
  MALFORMED_JSON: 'Dit verzoek is niet geldig.',
  UNKNOWN_FIELD: 'Dit verzoek is niet geldig.',
  AUTH_REQUIRED: 'Log in om verder te gaan.',
  FORBIDDEN: 'U mag dit niet doen.',
  NOT_FOUND: 'Niet gevonden.',
  METHOD_NOT_ALLOWED: 'Dit is hier niet toegestaan.',
  CONFLICT: 'Dit botst met de huidige toestand. Probeer het opnieuw.',
  PAYLOAD_TOO_LARGE: 'Dit verzoek is te groot.',
  UNSUPPORTED_MEDIA_TYPE: 'Dit soort inhoud wordt hier niet geaccepteerd.',
  RATE_LIMITED: 'Te veel pogingen. Wacht even en probeer het opnieuw.',
  INTERNAL: 'Er ging bij ons iets mis. Probeer het opnieuw.',
  SERVICE_UNAVAILABLE: 'Zegel is even niet bereikbaar. Controleer uw verbinding en probeer het zo opnieuw.',
  INVITATION_INVALID: 'Deze uitnodiging is niet (meer) geldig, of hoort bij een ander adres. Vraag een nieuwe uitnodiging aan of registreer met uw adres. Heeft het adres al een account? Log dan in.',
  VERIFICATION_CODE_INVALID: 'Deze code is niet juist of verlopen. Vraag een nieuwe aan.',
  RECOVERY_CODE_INVALID: 'Deze herstelcode is niet geldig.',
  ACCOUNT_NOT_ACTIVE: 'Activeer eerst uw account met de code die we u mailden.',
  CREDENTIALS_INVALID: 'Het e-mailadres of het wachtwoord is niet juist.',
  SECOND_FACTOR_REQUIRED: 'Vul de code van uw extra inlogmethode in.',
  SECOND_FACTOR_SETUP_REQUIRED: 'Stel eerst een extra inlogmethode in.',
  SESSION_INVALID: 'Uw sessie is niet (meer) geldig. Log opnieuw in.',
  SESSION_EXPIRED: 'Uw sessie is verlopen. Log opnieuw in.',
  REFRESH_TOKEN_REUSED: 'Deze sessie is voor uw veiligheid beëindigd. Log opnieuw in.',
  STEP_UP_REQUIRED: 'Bevestig deze wijziging opnieuw met uw wachtwoord en extra inlogmethode.',
  KEYS_ALREADY_SET: 'De sleutels van dit account zijn al ingesteld.',
  MAIL_DELIVERY_FAILED: 'We konden de e-mail niet versturen. Probeer het later opnieuw.',
  TOTP_INVALID: 'Deze code uit uw authenticator-app is niet juist.',
  TOTP_REPLAYED: 'Deze code is al gebruikt. Wacht op de volgende code in uw app.',
  SMS_CODE_INVALID: 'Deze sms-code is niet juist of verlopen. Vraag een nieuwe aan.',
  SMS_DELIVERY_FAILED: 'We konden de sms niet versturen. Probeer het later opnieuw of gebruik een andere inlogmethode.',
  SMS_DISABLED: 'Sms is hier geen inlogmethode. Gebruik een authenticator-app.',
  BACKUP_CODE_INVALID: 'Deze back-upcode is niet geldig of al gebruikt.',
  SECOND_FACTOR_METHOD_UNAVAILABLE: 'Deze inlogmethode is voor uw account niet ingesteld.',
  CHALLENGE_INVALID: 'Deze stap is verlopen. Begin opnieuw.',
  LAST_FACTOR: 'Uw enige extra inlogmethode kunt u niet verwijderen. Voeg eerst een andere toe.',
  PHONE_INVALID: 'Dit telefoonnummer is niet geldig. Gebruik een mobiel nummer zoals +31 6 12345678.',
  RECIPIENT_WITHOUT_KEY: 'Een ontvanger kan nog geen beveiligde berichten ontvangen.',
  NOT_OPENPGP_CIPHERTEXT: 'Dit is geen versleuteld berichtdeel.',
  UPLOAD_INCOMPLETE: 'Nog niet alle delen van het bericht zijn geüpload.',
  IDEMPOTENCY_KEY_REUSED: 'Dit bericht werd al met andere inhoud verstuurd.',
  RECALL_NOT_ALLOWED: 'Dit bericht kan niet meer worden ingetrokken. Een indiening bij de rechtbank is definitief; stuur een vervolgbericht om haar in te trekken.',
  COURT_CONNECTION_REQUIRED: 'Koppel eerst uw BAR- of KBvG-nummer (en houd uw extra inlogmethode ingesteld) voordat u naar de Rechtspraak verstuurt.',
  NUMBER_INVALID: 'Dit is geen geldig BAR- of KBvG-nummer.',
  NUMBER_CONFIRMATION_MISMATCH: 'De twee nummers zijn niet gelijk.',
  NUMBER_NOT_MATCHED: 'Dit nummer staat in het register niet bij het e-mailadres van dit account.',
  NUMBER_ALREADY_LINKED: 'Dit account is al gekoppeld aan een beroepsnummer.',
  NUMBER_NOT_LINKED: 'Dit account is niet gekoppeld aan een beroepsnummer.',
  ADDRESS_MOVE_NOT_ALLOWED: 'Het account kan alleen verhuizen naar het adres dat het register bij uw nummer vermeldt.',
  ADDRESS_TAKEN: 'Voor dit adres bestaat al een account.',
  ADDRESS_MOVE_CODE_INVALID: 'Deze code is niet juist of verlopen. Vraag een nieuwe aan.',
  RE_ENROLMENT_INVALID: 'Deze link is niet (meer) geldig.',
  RE_ENROLMENT_COOLING_OFF: 'De wachttijd is nog niet voorbij.',
  DELEGATE_NOT_READY: 'Deze persoon kan nog geen toegang krijgen: vraag eerst stap 2 en 3 te doen (account activeren en een extra inlogmethode instellen).',
  GRANT_INVALID: 'Deze machtiging is niet geldig. Zoek de persoon opnieuw op en onderteken de machtiging opnieuw.',
  DELEGATION_EXISTS: 'Deze persoon heeft al toegang (of een uitnodiging daarvoor). Trek die eerst in om haar te wijzigen.',
  DELEGATION_STATE_INVALID: 'Deze toegang is al geaccepteerd, ingetrokken of verlopen.',
  MAILBOX_CODE_INVALID: 'Deze code is niet juist of verlopen. Vraag een nieuwe aan.',
  MAILBOX_TAKEN: 'Dit postvak is al door een ander kantoor aangemeld.',
  GUEST_ACCESS_INVALID: 'Deze toegangscode opent het bericht niet. Controleer de code en of u de volledige link van de afzender heeft geopend.',
  GUEST_ACCESS_LOCKED: 'Te vaak een verkeerde toegangscode: dit bericht is vergrendeld. Vraag de afzender het opnieuw te sturen.',
  GUEST_ACCESS_EXPIRED: 'Dit bericht is verlopen en kan niet meer worden geopend. Vraag de afzender het opnieuw te sturen.',
  KDF_PARAMS_TOO_WEAK: 'De server vroeg om onveilige wachtwoordinstellingen; daarom gebruikt deze app uw wachtwoord niet. Neem contact op met de helpdesk.',
  KDF_PARAMS_INVALID: 'De server stuurde wachtwoordinstellingen die deze app niet kan gebruiken. Neem contact op met de helpdesk.',
  UNWRAP_FAILED: 'Uw sleutels konden niet worden geopend. Controleer uw wachtwoord of herstelcode.',
  RECOVERY_CODE_MALFORMED: 'Dit is geen geldige herstelcode. Controleer hem op typefouten.',
  KEYS_LOCKED: 'Log uit en opnieuw in om dit te doen.',
};

const NL_FALLBACK = 'Dit is niet gelukt. Probeer het opnieuw; blijft het misgaan, neem dan contact op met de helpdesk.';

export function hasDutchText(code: UiErrorCode): boolean {
  return NL[code] !== undefined;
}

export function errorText(language: Language, code: UiErrorCode): string {
  if (language === 'nl') return NL[code] ?? NL_FALLBACK;
  return code in CLIENT_EN ? CLIENT_EN[code as ClientErrorCode] : ERROR_MESSAGE[code as ErrorCode];
}
