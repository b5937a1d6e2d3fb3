// Firm e-mails, Dutch first and English second: the code that proves control of a shared mailbox, and
// notices to members. The code works once and only in the Zegel pane of the firm administrator.
import type { MailMessage } from '../mail/mailer';
import { formatWhen } from '../../shared/professional/lifecycle-messages';

function mail(to: string, kind: string, subject: string, nl: string[], en: string[]): MailMessage {
  return { to, kind, subject, text: ['(English below)', '', ...nl, '', '----------', '', ...en, '', '-- ', 'Zegel', ''].join('\n') };
}

export function mailboxCodeMail(options: { to: string; firmName: string; adminEmail: string; code: string; expiresAt: Date }): MailMessage {
  return mail(
    options.to,
    'firm.mailbox-code',
    'Code om deze mailbox te registreren in Zegel / Code to register this mailbox in Zegel',
    [
      `${options.adminEmail} wil deze gedeelde mailbox registreren voor ${options.firmName} in Zegel.`,
      `Vul deze code in het Zegel-venster in: ${options.code}`,
      `De code werkt één keer, tot ${formatWhen(options.expiresAt, 'nl')}. Geef hem alleen aan de beheerder van uw kantoor. Verwachtte u dit niet? Dan hoeft u niets te doen.`,
    ],
    [
      `${options.adminEmail} wants to register this shared mailbox for ${options.firmName} in Zegel.`,
      `Enter this code in the Zegel pane: ${options.code}`,
      `The code works once, until ${formatWhen(options.expiresAt, 'en')} (Amsterdam time). Give it only to your firm's administrator. Did you not expect this? Then you need not do anything.`,
    ],
  );
}

export function mailboxRegisteredMail(options: { to: string; firmName: string; at: Date }): MailMessage {
  return mail(
    options.to,
    'firm.mailbox-registered',
    'Gedeelde mailbox geregistreerd in Zegel / Shared mailbox registered in Zegel',
    [`Deze mailbox is op ${formatWhen(options.at, 'nl')} geregistreerd voor ${options.firmName}. Advocaten van het kantoor kunnen aangeven dat zij haar gebruiken; het secretariaat kan dan vanuit deze mailbox namens hen versturen als zij daarvoor toegang hebben verleend.`],
    [`This mailbox was registered for ${options.firmName} on ${formatWhen(options.at, 'en')}. The firm's lawyers can say that they use it; the secretariat can then send from it on their behalf if they granted access for that.`],
  );
}

export function memberAddedMail(options: { to: string; firmName: string; byEmail: string; role: 'admin' | 'member' }): MailMessage {
  const nlRole = options.role === 'admin' ? 'beheerder' : 'lid';
  const enRole = options.role === 'admin' ? 'administrator' : 'member';
  return mail(
    options.to,
    'firm.member-added',
    `U bent toegevoegd aan ${options.firmName} in Zegel / You were added to ${options.firmName} in Zegel`,
    [`${options.byEmail} heeft u als ${nlRole} toegevoegd aan ${options.firmName} in Zegel. Daarmee kunt u aangeven welke gedeelde mailboxen van het kantoor u gebruikt. Niemand krijgt hierdoor toegang tot uw berichten.`],
    [`${options.byEmail} added you as ${enRole} of ${options.firmName} in Zegel. You can then say which of the firm's shared mailboxes you use. Nobody gets access to your messages through this.`],
  );
}
