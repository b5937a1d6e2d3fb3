// Life-cycle e-mails, Dutch first and English second: starting over (re-enrolment), moving to the
// register's new address, closing. Links carry their single-use secret in the URL fragment, which no
// server logs; no mail ever holds a password, key or recovery code.
import type { MailMessage } from '../mail/mailer';
import { formatWhen } from '../../shared/professional/lifecycle-messages';

function mail(to: string, kind: string, subject: string, nl: string[], en: string[]): MailMessage {
  return { to, kind, subject, text: ['(English below)', '', ...nl, '', '----------', '', ...en, '', '-- ', 'Zegel', ''].join('\n') };
}

export function reEnrolmentLink(publicBaseUrl: URL, token: string): string {
  return `${publicBaseUrl.origin}/app#re-enrol=${token}`;
}

export function reEnrolmentCancelLink(publicBaseUrl: URL, token: string): string {
  return `${publicBaseUrl.origin}/app#re-enrol-cancel=${token}`;
}

/** The new invitation to the register's address, and the notice of the cooling-off. */
export function reEnrolmentMail(options: { to: string; link: string; cancelLink: string; notBefore: Date; expiresAt: Date; hours: number }): MailMessage {
  return mail(
    options.to,
    'lifecycle.re-enrolment',
    'Opnieuw beginnen met uw Zegel-account / Starting over with your Zegel account',
    [
      'Er is gevraagd om uw Zegel-account opnieuw in te richten, omdat zowel het wachtwoord als de herstelcode kwijt zijn.',
      `Voor uw veiligheid geldt een wachttijd van ${options.hours} uur: vanaf ${formatWhen(options.notBefore, 'nl')} kunt u via deze link een nieuw wachtwoord kiezen en nieuwe sleutels maken:`,
      options.link,
      `De link werkt tot ${formatWhen(options.expiresAt, 'nl')}.`,
      'Let op: berichten die met uw oude sleutels zijn versleuteld, kunt u daarna niet meer openen. Niemand kan dat, ook wij niet. U stelt daarna opnieuw een extra inlogmethode in en verleent uw secretariaat opnieuw toegang. Uw beroepsnummer blijft gekoppeld.',
      'Heeft u dit niet gevraagd? Annuleer het dan direct via deze link, en wijzig het wachtwoord van uw e-mail:',
      options.cancelLink,
    ],
    [
      'Someone asked to set up your Zegel account again, because both the password and the recovery code are lost.',
      `For your safety there is a waiting period of ${options.hours} hours: from ${formatWhen(options.notBefore, 'en')} (Amsterdam time) you can choose a new password and make new keys with this link:`,
      options.link,
      `The link works until ${formatWhen(options.expiresAt, 'en')}.`,
      'Please note: afterwards you can no longer open messages encrypted to your old keys. Nobody can, not even we. You then set up an additional login method again and grant your secretariat access again. Your professional number stays linked.',
      'Did you not ask for this? Then cancel it right away with this link, and change the password of your e-mail:',
      options.cancelLink,
    ],
  );
}

export function reEnrolmentNotHereMail(options: { to: string }): MailMessage {
  return mail(
    options.to,
    'lifecycle.re-enrolment-register-changed',
    'Opnieuw beginnen met uw Zegel-account / Starting over with your Zegel account',
    [
      'Er is gevraagd om uw Zegel-account opnieuw in te richten. Dat kan alleen via het adres dat het register bij uw beroepsnummer vermeldt, en dat is niet (meer) dit adres.',
      'Gebruik de uitnodiging die naar het adres in het register is gestuurd, of wijzig het adres in uw BAR-gegevens (of het KBvG-register). Heeft u dit niet gevraagd? Dan hoeft u niets te doen.',
    ],
    [
      "Someone asked to set up your Zegel account again. That is only possible through the address the register lists with your professional number, and that is not (or no longer) this address.",
      'Use the invitation sent to the address in the register, or change the address in your BAR data (or the KBvG register). Did you not ask for this? Then you need not do anything.',
    ],
  );
}

export function reEnrolmentCancelledMail(options: { to: string; at: Date }): MailMessage {
  return mail(
    options.to,
    'lifecycle.re-enrolment-cancelled',
    'Opnieuw beginnen geannuleerd / Starting over cancelled',
    [`De aanvraag om uw Zegel-account opnieuw in te richten is op ${formatWhen(options.at, 'nl')} geannuleerd. Er is niets veranderd.`],
    [`The request to set up your Zegel account again was cancelled on ${formatWhen(options.at, 'en')} (Amsterdam time). Nothing changed.`],
  );
}

export function reEnrolmentCompletedMail(options: { to: string; at: Date }): MailMessage {
  return mail(
    options.to,
    'lifecycle.re-enrolled',
    'Uw Zegel-account heeft nieuwe sleutels / Your Zegel account has new keys',
    [
      `Uw Zegel-account heeft op ${formatWhen(options.at, 'nl')} een nieuw wachtwoord en nieuwe sleutels gekregen. Alle sessies zijn beëindigd.`,
      'Berichten die met de oude sleutels zijn versleuteld, zijn niet meer te openen. Stel na het inloggen opnieuw een extra inlogmethode in.',
      'Was u dit niet? Neem dan direct contact met ons op.',
    ],
    [
      `Your Zegel account got a new password and new keys on ${formatWhen(options.at, 'en')} (Amsterdam time). All sessions were ended.`,
      'Messages encrypted to the old keys can no longer be opened. Set up an additional login method again after logging in.',
      'Was this not you? Then contact us right away.',
    ],
  );
}

/** To the new address: the code that proves it is the user's. */
export function addressMoveCodeMail(options: { to: string; code: string }): MailMessage {
  return mail(
    options.to,
    'lifecycle.address-move-code',
    'Bevestig uw nieuwe e-mailadres voor Zegel / Confirm your new e-mail address for Zegel',
    [
      'U verhuist uw Zegel-account naar dit e-mailadres, omdat het register het bij uw beroepsnummer vermeldt.',
      `Typ deze code in het Zegel-venster: ${options.code}`,
      'De code werkt één keer en verloopt over 30 minuten. Heeft u dit niet gevraagd? Dan kunt u deze e-mail negeren.',
    ],
    [
      'You are moving your Zegel account to this e-mail address, because the register lists it with your professional number.',
      `Type this code in the Zegel pane: ${options.code}`,
      'The code works once and expires in 30 minutes. Did not ask for this? Then you can ignore this e-mail.',
    ],
  );
}

/** To the current address when a move starts, so a hijacked session cannot move the account unseen. */
export function addressMoveRequestedMail(options: { to: string; at: Date }): MailMessage {
  return mail(
    options.to,
    'lifecycle.address-move-requested',
    'Verhuizing van uw Zegel-account / Moving your Zegel account',
    [`Op ${formatWhen(options.at, 'nl')} is gevraagd om uw Zegel-account naar een ander e-mailadres te verhuizen.`, 'Was u dit niet? Wijzig direct uw wachtwoord en neem contact met ons op.'],
    [`On ${formatWhen(options.at, 'en')} (Amsterdam time) someone asked to move your Zegel account to another e-mail address.`, 'Was this not you? Change your password right away and contact us.'],
  );
}

export function addressMovedMail(options: { to: string; newEmail: string; at: Date }): MailMessage {
  return mail(
    options.to,
    'lifecycle.address-moved',
    'Uw Zegel-account is verhuisd / Your Zegel account has moved',
    [
      `Uw Zegel-account is op ${formatWhen(options.at, 'nl')} verhuisd naar ${options.newEmail}. Log voortaan met dat adres in.`,
      'Uw sleutels zijn niet veranderd: al uw berichten blijven leesbaar. Andere sessies zijn beëindigd.',
      'Was u dit niet? Neem dan direct contact met ons op.',
    ],
    [
      `Your Zegel account moved to ${options.newEmail} on ${formatWhen(options.at, 'en')} (Amsterdam time). Log in with that address from now on.`,
      'Your keys did not change: all your messages stay readable. Other sessions were ended.',
      'Was this not you? Then contact us right away.',
    ],
  );
}

export function accountClosedMail(options: { to: string; at: Date; keysDestroyed: boolean; number: string | null }): MailMessage {
  const released = options.number
    ? { nl: ` Uw beroepsnummer ${options.number} is ontkoppeld en kan aan een nieuw account worden gekoppeld.`, en: ` Your professional number ${options.number} was unlinked and can be linked to a new account.` }
    : { nl: '', en: '' };
  return mail(
    options.to,
    'lifecycle.account-closed',
    'Uw Zegel-account is opgeheven / Your Zegel account is closed',
    [
      `Uw Zegel-account is op ${formatWhen(options.at, 'nl')} opgeheven. Inloggen kan niet meer en alle sessies zijn beëindigd.${released.nl}`,
      options.keysDestroyed ? 'Uw sleutels zijn vernietigd: berichten aan dit account kan niemand meer openen.' : 'Uw versleutelde sleutels zijn bewaard; wij kunnen ze niet openen.',
      'Was u dit niet? Neem dan direct contact met ons op.',
    ],
    [
      `Your Zegel account was closed on ${formatWhen(options.at, 'en')} (Amsterdam time). Logging in is no longer possible and all sessions were ended.${released.en}`,
      options.keysDestroyed ? 'Your keys were destroyed: nobody can open messages to this account any more.' : 'Your encrypted keys were kept; we cannot open them.',
      'Was this not you? Then contact us right away.',
    ],
  );
}
