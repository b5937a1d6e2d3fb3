// The notification a guest gets from Zegel when a message for them is committed, Dutch first and
// English second. It carries the guest id only: the link's secret and the access code come from the
// sender (README.md), so this mail alone opens nothing.
import type { MailMessage } from '../mail/mailer';
import { formatWhen } from '../../shared/professional/lifecycle-messages';

export function guestNotificationMail(options: { to: string; senderEmail: string; expiresAt: Date; link: string; reference: string; phoneLast2: string | null }): MailMessage {
  const sms = options.phoneLast2
    ? {
        nl: `Bij het openen sturen wij ook een sms-code naar uw mobiele nummer dat eindigt op ${options.phoneLast2}.`,
        en: `When you open it we also text a code to your mobile number ending in ${options.phoneLast2}.`,
      }
    : null;
  const nl = [
    `${options.senderEmail} heeft u via Zegel een beveiligd bericht gestuurd. U kunt het lezen tot ${formatWhen(options.expiresAt, 'nl')}.`,
    'Om het te openen heeft u van de afzender twee dingen nodig: de volledige link, in een e-mail van de afzender zelf, en de toegangscode, die de afzender u op een andere manier geeft (bijvoorbeeld telefonisch).',
    ...(sms ? [sms.nl] : []),
    `Open de link uit de e-mail van de afzender, of open ${options.link} en plak die link daar. Kenmerk: ${options.reference}.`,
    'Zegel vraagt nooit om een wachtwoord of om betaalgegevens. Verwachtte u dit bericht niet? Neem dan contact op met de afzender.',
  ];
  const en = [
    `${options.senderEmail} sent you a secure message through Zegel. You can read it until ${formatWhen(options.expiresAt, 'en')} (Amsterdam time).`,
    'To open it you need two things from the sender: the full link, in an e-mail from the sender themselves, and the access code, which the sender gives you another way (for example by phone).',
    ...(sms ? [sms.en] : []),
    `Open the link from the sender's e-mail, or open ${options.link} and paste that link there. Reference: ${options.reference}.`,
    'Zegel never asks for a password or payment details. Did you not expect this message? Then contact the sender.',
  ];
  return {
    to: options.to,
    kind: 'guest.notification',
    subject: 'Beveiligd bericht voor u via Zegel / A secure message for you via Zegel',
    text: ['(English below)', '', ...nl, '', '----------', '', ...en, '', '-- ', 'Zegel', ''].join('\n'),
  };
}
