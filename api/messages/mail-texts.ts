// The notice a recipient with an account gets when a secure message for them is committed, Dutch
// first and English second. It names who sent it (and for whom) and links to the message in the web
// app; it holds no subject, text, file name or anything else of the content, which only the reader's
// own key opens.
import type { MailMessage } from '../mail/mailer';
import { formatWhen } from '../../shared/professional/lifecycle-messages';

/**
 * `unitName`: told as a clerk of that unit. `readFor`: told as a read-scope delegate of that recipient
 * (the mail says whose message it is and why this reader hears of it).
 */
export function messageNoticeMail(options: { to: string; senderEmail: string; principalEmail: string | null; unitName: string | null; readFor?: string | null; at: Date; link: string }): MailMessage {
  const onBehalf = options.principalEmail ? { nl: ` namens ${options.principalEmail}`, en: ` on behalf of ${options.principalEmail}` } : { nl: '', en: '' };
  const readFor = options.readFor ?? null;
  const to = readFor ? { nl: ` aan ${readFor}`, en: ` to ${readFor}` } : options.unitName ? { nl: ` aan ${options.unitName}`, en: ` to ${options.unitName}` } : { nl: ' aan u', en: ' to you' };
  const why = readFor
    ? { nl: [`U ontvangt deze melding omdat ${readFor} u toegang heeft gegeven om zijn of haar berichten te lezen.`], en: [`You receive this notice because ${readFor} gave you access to read their messages.`] }
    : { nl: [], en: [] };
  const nl = [
    `${options.senderEmail} heeft${onBehalf.nl} op ${formatWhen(options.at, 'nl')} via Zegel een beveiligd bericht gestuurd${to.nl}.`,
    ...why.nl,
    `Open het bericht in Zegel: ${options.link}`,
    'De inhoud staat niet in deze e-mail: die opent alleen in Zegel, met uw eigen sleutel. Zegel vraagt nooit om uw wachtwoord per e-mail.',
  ];
  const en = [
    `${options.senderEmail} sent a secure message${to.en} through Zegel${onBehalf.en}, on ${formatWhen(options.at, 'en')} (Amsterdam time).`,
    ...why.en,
    `Open the message in Zegel: ${options.link}`,
    'The content is not in this e-mail: it opens only in Zegel, with your own key. Zegel never asks for your password by e-mail.',
  ];
  return {
    to: options.to,
    kind: 'message.notification',
    subject: 'Nieuw beveiligd bericht in Zegel / New secure message in Zegel',
    text: ['(English below)', '', ...nl, '', '----------', '', ...en, '', '-- ', 'Zegel', ''].join('\n'),
  };
}
