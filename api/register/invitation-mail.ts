// The invitation mail: Dutch first, then English, in one message (our users are Dutch, some of their
// colleagues are not). Plain text plus a simple HTML version with the same words. The link carries the
// token in the URL fragment, which browsers never send to a server, so it cannot end up in a log.
import type { MailMessage } from '../mail/mailer';
import type { RegisterKind } from './numbers';

export interface InvitationMailInput {
  to: string;
  name: string;
  kind: RegisterKind;
  number: string;
  /** Origin of the web app, e.g. https://zegel.example.nl */
  publicBaseUrl: URL;
  token: string;
  expiresAt: Date;
}

export const INVITATION_MAIL_KIND = 'invitation';

export function invitationLink(publicBaseUrl: URL, token: string): string {
  return `${publicBaseUrl.origin}/app#invitation=${token}`;
}

function formatDate(date: Date, locale: 'nl-NL' | 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(date);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Paragraphs {
  nl: string[];
  en: string[];
}

function paragraphs(input: InvitationMailInput, link: string): Paragraphs {
  const lawyer = input.kind === 'lawyer';
  const nlRole = lawyer ? 'advocaat' : 'gerechtsdeurwaarder';
  const nlNumber = lawyer ? `uw BAR-nummer ${input.number}` : `uw KBvG-nummer ${input.number}`;
  const nlChange = lawyer ? 'Wijzig dan uw e-mailadres in uw BAR-gegevens bij de NOvA.' : 'Wijzig dan uw e-mailadres in het register van de KBvG.';
  const enRole = lawyer ? 'a lawyer' : 'a bailiff';
  const enNumber = lawyer ? `your BAR number ${input.number}` : `your KBvG number ${input.number}`;
  const enChange = lawyer ? 'change the e-mail address in your BAR data at the NOvA.' : 'change the e-mail address in the KBvG register.';
  return {
    nl: [
      `Beste ${input.name},`,
      `U bent uitgenodigd om een Zegel-account aan te maken. Daarmee mailt u als ${nlRole} veilig met de Rechtspraak, rechtstreeks vanuit Outlook.`,
      `U krijgt deze uitnodiging omdat dit e-mailadres (${input.to}) in het register bij ${nlNumber} staat. Alleen met dit adres kunt u het account aanmaken.`,
      `Account aanmaken:\n${link}`,
      `Deze link werkt één keer en is geldig tot ${formatDate(input.expiresAt, 'nl-NL')}.`,
      `Wilt u een ander e-mailadres gebruiken? ${nlChange} U krijgt daarna een nieuwe uitnodiging; deze link werkt dan niet meer.`,
      'Wij vragen u nooit per e-mail om uw wachtwoord, herstelcode of back-upcodes. Verwachtte u deze uitnodiging niet? Dan kunt u dit bericht negeren.',
    ],
    en: [
      `Dear ${input.name},`,
      `You are invited to create a Zegel account. With it you e-mail the Dutch courts (de Rechtspraak) securely as ${enRole}, directly from Outlook.`,
      `You receive this invitation because this e-mail address (${input.to}) is listed in the register with ${enNumber}. Only this address can be used to create the account.`,
      `Create your account:\n${link}`,
      `This link works once and is valid until ${formatDate(input.expiresAt, 'en-GB')} (Amsterdam time).`,
      `Would you rather use another e-mail address? Then ${enChange} You will then receive a new invitation and this link stops working.`,
      'We never ask for your password, recovery code or backup codes by e-mail. Did you not expect this invitation? Then you can ignore this message.',
    ],
  };
}

export function invitationMail(input: InvitationMailInput): MailMessage {
  const link = invitationLink(input.publicBaseUrl, input.token);
  const { nl, en } = paragraphs(input, link);
  const text = ['(English below)', '', nl.join('\n\n'), '', '----------', '', en.join('\n\n'), '', '-- ', 'Zegel', ''].join('\n');

  const htmlParagraph = (p: string) => `<p>${escapeHtml(p).replace(escapeHtml(link), `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`).replace(/\n/g, '<br>')}</p>`;
  const html = [
    '<!doctype html>',
    '<html lang="nl"><head><meta charset="utf-8"><title>Zegel</title></head>',
    '<body style="font-family: Segoe UI, Arial, sans-serif; font-size: 15px; line-height: 1.5; max-width: 40em">',
    '<p><i>(English below)</i></p>',
    ...nl.map(htmlParagraph),
    '<hr>',
    '<div lang="en">',
    ...en.map(htmlParagraph),
    '</div>',
    '<p>Zegel</p>',
    '</body></html>',
    '',
  ].join('\n');

  return { to: input.to, subject: 'Uw uitnodiging voor Zegel / Your invitation to Zegel', text, html, kind: INVITATION_MAIL_KIND };
}
