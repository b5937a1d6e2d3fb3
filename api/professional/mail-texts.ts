// Notices about the professional link, Dutch first and English second. They name the number (the
// recipient is its holder: the register's address or the linked account's) and never a secret.
import type { MailMessage } from '../mail/mailer';
import type { ProfessionalKind } from '../../shared/professional/numbers';
import { formatWhen } from '../../shared/professional/lifecycle-messages';

export type UnlinkCause = 'user' | 'administrator' | 'taken-over' | 'account-closed';

function numberWords(kind: ProfessionalKind, number: string) {
  return kind === 'lawyer'
    ? { nl: `BAR-nummer ${number}`, en: `BAR number ${number}`, nlWhere: 'uw BAR-gegevens bij de NOvA', enWhere: 'your BAR data at the NOvA' }
    : { nl: `KBvG-nummer ${number}`, en: `KBvG number ${number}`, nlWhere: 'het register van de KBvG', enWhere: 'the KBvG register' };
}

function mail(to: string, kind: string, subject: string, nl: string[], en: string[]): MailMessage {
  return { to, kind, subject, text: ['(English below)', '', ...nl, '', '----------', '', ...en, '', '-- ', 'Zegel', ''].join('\n') };
}

/** To the address the register lists for the number: someone linked it to a Zegel account. */
export function linkedMail(options: { to: string; kind: ProfessionalKind; number: string; at: Date }): MailMessage {
  const w = numberWords(options.kind, options.number);
  return mail(
    options.to,
    'professional.linked',
    'Uw beroepsnummer is gekoppeld / Your professional number was linked',
    [
      `Uw ${w.nl} is op ${formatWhen(options.at, 'nl')} gekoppeld aan het Zegel-account met dit e-mailadres.`,
      'De verbinding met de Rechtspraak is daarmee actief.',
      'Was u dit niet? Log in, ontkoppel het nummer onder Beveiliging en wijzig uw wachtwoord, of neem direct contact met ons op.',
    ],
    [
      `Your ${w.en} was linked to the Zegel account with this e-mail address on ${formatWhen(options.at, 'en')} (Amsterdam time).`,
      'With that, the Rechtspraak connection is active.',
      'Was this not you? Log in, unlink the number under Security and change your password, or contact us right away.',
    ],
  );
}

const UNLINK_REASON: Record<UnlinkCause, { nl: string; en: string }> = {
  user: { nl: 'U heeft het zelf ontkoppeld.', en: 'You unlinked it yourself.' },
  administrator: { nl: 'Een beheerder van Zegel heeft het ontkoppeld.', en: 'A Zegel administrator unlinked it.' },
  'taken-over': {
    nl: 'Het register vermeldt bij dit nummer een ander e-mailadres, en het account met dat adres heeft het nummer gekoppeld.',
    en: 'The register lists another e-mail address with this number, and the account with that address linked the number.',
  },
  'account-closed': { nl: 'Uw account is opgeheven.', en: 'Your account was closed.' },
};

/** To the account that held the link (and, when it differs, the register's address). */
export function unlinkedMail(options: { to: string; kind: ProfessionalKind; number: string; at: Date; cause: UnlinkCause }): MailMessage {
  const w = numberWords(options.kind, options.number);
  const reason = UNLINK_REASON[options.cause];
  return mail(
    options.to,
    `professional.unlinked.${options.cause}`,
    'Uw beroepsnummer is ontkoppeld / Your professional number was unlinked',
    [
      `Uw ${w.nl} is op ${formatWhen(options.at, 'nl')} ontkoppeld van uw Zegel-account. ${reason.nl}`,
      'Zonder gekoppeld nummer is de verbinding met de Rechtspraak niet actief. Uw berichten blijven leesbaar.',
      'Was dit niet de bedoeling? Log in en koppel uw nummer opnieuw, of neem contact met ons op.',
    ],
    [
      `Your ${w.en} was unlinked from your Zegel account on ${formatWhen(options.at, 'en')} (Amsterdam time). ${reason.en}`,
      'Without a linked number the Rechtspraak connection is not active. Your messages stay readable.',
      'Not intended? Log in and link your number again, or contact us.',
    ],
  );
}

/** To the linked account's address: the register no longer backs the link. */
export function suspendedMail(options: { to: string; kind: ProfessionalKind; number: string; at: Date; reason: 'email-changed' | 'entry-removed' }): MailMessage {
  const w = numberWords(options.kind, options.number);
  const why =
    options.reason === 'email-changed'
      ? {
          nl: `Het register vermeldt bij uw ${w.nl} nu een ander e-mailadres dan dat van dit account.`,
          en: `The register now lists another e-mail address with your ${w.en} than this account's.`,
        }
      : { nl: `Uw ${w.nl} staat niet meer als actief in het register.`, en: `Your ${w.en} is no longer listed as active in the register.` };
  const todo =
    options.reason === 'email-changed'
      ? {
          nl: `Is het nieuwe adres van u? Log in en verhuis dit account naar dat adres (Beveiliging → Account verhuizen); uw berichten blijven leesbaar. Klopt het niet? Zet dan in ${w.nlWhere} het adres van dit account terug.`,
          en: `Is the new address yours? Log in and move this account to that address (Security → Move account); your messages stay readable. Is it wrong? Then put this account's address back in ${w.enWhere}.`,
        }
      : { nl: `Neem contact op met de ${options.kind === 'lawyer' ? 'NOvA' : 'KBvG'}.`, en: `Contact the ${options.kind === 'lawyer' ? 'NOvA' : 'KBvG'}.` };
  return mail(
    options.to,
    `professional.suspended.${options.reason}`,
    'Koppeling met uw beroepsnummer opgeschort / Link with your professional number suspended',
    [why.nl, 'Daarom is de koppeling opgeschort en is de verbinding met de Rechtspraak niet actief.', todo.nl, 'Zodra het register weer klopt, herstelt de koppeling zich vanzelf.'],
    [why.en, 'The link is therefore suspended and the Rechtspraak connection is not active.', todo.en, 'As soon as the register is consistent again, the link is restored by itself.'],
  );
}

export function restoredMail(options: { to: string; kind: ProfessionalKind; number: string; at: Date }): MailMessage {
  const w = numberWords(options.kind, options.number);
  return mail(
    options.to,
    'professional.restored',
    'Koppeling met uw beroepsnummer hersteld / Link with your professional number restored',
    [`Het register vermeldt uw ${w.nl} weer bij dit e-mailadres. De koppeling is hersteld en de verbinding met de Rechtspraak is weer actief.`],
    [`The register lists your ${w.en} with this e-mail address again. The link is restored and the Rechtspraak connection is active again.`],
  );
}
