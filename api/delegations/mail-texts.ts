// Delegation e-mails, Dutch first and English second. The principal hears of every change to a grant
// and of every message sent on their behalf; the delegate hears of what concerns them. No mail holds a
// key, a code or message content; message ids and counts only.
import type { MailMessage } from '../mail/mailer';
import { formatWhen } from '../../shared/professional/lifecycle-messages';
import type { DelegationScope } from '../../shared/delegations/scopes';
import type { EndReason } from './repository';

function mail(to: string, kind: string, subject: string, nl: string[], en: string[]): MailMessage {
  return { to, kind, subject, text: ['(English below)', '', ...nl, '', '----------', '', ...en, '', '-- ', 'Zegel', ''].join('\n') };
}

function scopeWords(scopes: readonly DelegationScope[]): { nl: string; en: string } {
  const nl: string[] = [];
  const en: string[] = [];
  if (scopes.includes('send_on_behalf')) {
    nl.push('namens u versturen (ook naar de Rechtspraak)');
    en.push('send on your behalf (also to the Rechtspraak)');
  }
  if (scopes.includes('read')) {
    nl.push('berichten aan u lezen, ook antwoorden');
    en.push('read messages addressed to you, including replies');
  }
  return { nl: nl.join(' en '), en: en.join(' and ') };
}

function until(expiresAt: Date | null): { nl: string; en: string } {
  return expiresAt ? { nl: `tot ${formatWhen(expiresAt, 'nl')}`, en: `until ${formatWhen(expiresAt, 'en')} (Amsterdam time)` } : { nl: 'zonder einddatum', en: 'with no end date' };
}

export function grantedToDelegateMail(options: { to: string; principalEmail: string; scopes: readonly DelegationScope[]; expiresAt: Date | null; appLink: string }): MailMessage {
  const s = scopeWords(options.scopes);
  const u = until(options.expiresAt);
  return mail(
    options.to,
    'delegation.granted',
    'U heeft toegang gekregen in Zegel / You were given access in Zegel',
    [`${options.principalEmail} geeft u toegang om ${s.nl}, ${u.nl}.`, `Open Zegel om de toegang te bekijken en te aanvaarden: ${options.appLink}`, 'Verwachtte u dit niet? Aanvaard het dan niet en neem contact op met uw kantoor.'],
    [`${options.principalEmail} gives you access to ${s.en}, ${u.en}.`, `Open Zegel to review and accept it: ${options.appLink}`, 'Did you not expect this? Then do not accept it and contact your office.'],
  );
}

export function grantedToPrincipalMail(options: { to: string; delegateEmail: string; scopes: readonly DelegationScope[]; expiresAt: Date | null; at: Date }): MailMessage {
  const s = scopeWords(options.scopes);
  const u = until(options.expiresAt);
  return mail(
    options.to,
    'delegation.granted-notice',
    'U heeft toegang verleend in Zegel / You granted access in Zegel',
    [`Op ${formatWhen(options.at, 'nl')} heeft u ${options.delegateEmail} toegang verleend om ${s.nl}, ${u.nl}. De toegang gaat in zodra die persoon haar aanvaardt.`, 'Was u dit niet? Trek de toegang dan direct in onder Toegang in Zegel en wijzig uw wachtwoord.'],
    [`On ${formatWhen(options.at, 'en')} you gave ${options.delegateEmail} access to ${s.en}, ${u.en}. It takes effect once they accept it.`, 'Was this not you? Then revoke it right away under Access in Zegel and change your password.'],
  );
}

export function acceptedMail(options: { to: string; delegateEmail: string; scopes: readonly DelegationScope[]; at: Date }): MailMessage {
  const s = scopeWords(options.scopes);
  return mail(
    options.to,
    'delegation.accepted',
    'Toegang aanvaard in Zegel / Access accepted in Zegel',
    [`${options.delegateEmail} heeft op ${formatWhen(options.at, 'nl')} de toegang aanvaard en kan nu ${s.nl}.`, 'U kunt de toegang altijd intrekken onder Toegang in Zegel; dat werkt direct.'],
    [`${options.delegateEmail} accepted the access on ${formatWhen(options.at, 'en')} and can now ${s.en}.`, 'You can revoke it at any time under Access in Zegel; that takes effect at once.'],
  );
}

const END_NL: Record<EndReason, string> = {
  principal: 'ingetrokken door de advocaat',
  delegate: 'opgezegd door de medewerker',
  're-enrolment': 'beëindigd omdat het account opnieuw is ingericht (nieuwe sleutels); verleen de toegang zo nodig opnieuw',
  'account-closed': 'beëindigd omdat een account is opgeheven',
  expired: 'verlopen op de einddatum',
};
const END_EN: Record<EndReason, string> = {
  principal: 'revoked by the lawyer',
  delegate: 'given up by the delegate',
  're-enrolment': 'ended because the account was set up again (new keys); grant it again if needed',
  'account-closed': 'ended because an account was closed',
  expired: 'expired on its end date',
};

/** To either party: the grant between principal and delegate ended, and why. */
export function endedMail(options: { to: string; principalEmail: string; delegateEmail: string; reason: EndReason; at: Date }): MailMessage {
  return mail(
    options.to,
    options.reason === 'expired' ? 'delegation.expired' : 'delegation.revoked',
    'Toegang beëindigd in Zegel / Access ended in Zegel',
    [`De toegang van ${options.delegateEmail} tot het account van ${options.principalEmail} is op ${formatWhen(options.at, 'nl')} ${END_NL[options.reason]}.`, 'Berichten die daarna aan de advocaat worden gestuurd, zijn niet meer voor de medewerker te lezen.'],
    [`The access of ${options.delegateEmail} to the account of ${options.principalEmail} was ${END_EN[options.reason]} on ${formatWhen(options.at, 'en')}.`, 'Messages sent to the lawyer from now on can no longer be read by the delegate.'],
  );
}

export interface OnBehalfItem {
  actorEmail: string;
  messageId: string;
  toCourt: boolean;
  recipients: number;
  at: Date;
}

function itemLine(item: OnBehalfItem, language: 'nl' | 'en'): string {
  const court = item.toCourt ? (language === 'nl' ? ', aan de Rechtspraak' : ', to the Rechtspraak') : '';
  return language === 'nl'
    ? `- ${formatWhen(item.at, 'nl')}: ${item.actorEmail}, ${item.recipients} ontvanger(s)${court}, bericht ${item.messageId}`
    : `- ${formatWhen(item.at, 'en')}: ${item.actorEmail}, ${item.recipients} recipient(s)${court}, message ${item.messageId}`;
}

export function sentOnBehalfMail(options: { to: string; item: OnBehalfItem }): MailMessage {
  return mail(
    options.to,
    'delegation.sent-on-behalf',
    'Bericht namens u verstuurd / Message sent on your behalf',
    ['Namens u is een beveiligd bericht verstuurd:', itemLine(options.item, 'nl'), 'Het ontvangstbewijs noemt u als opdrachtgever en de medewerker als verzender. Klopt dit niet? Trek de toegang in onder Toegang in Zegel.'],
    ['A secure message was sent on your behalf:', itemLine(options.item, 'en'), 'The receipt names you as principal and the delegate as sender. Is this wrong? Revoke the access under Access in Zegel.'],
  );
}

export function onBehalfDigestMail(options: { to: string; items: readonly OnBehalfItem[] }): MailMessage {
  return mail(
    options.to,
    'delegation.sent-on-behalf-digest',
    'Berichten namens u verstuurd (dagoverzicht) / Messages sent on your behalf (daily digest)',
    [`Namens u zijn ${options.items.length} beveiligde bericht(en) verstuurd:`, ...options.items.map((i) => itemLine(i, 'nl')), 'Klopt dit niet? Trek de toegang in onder Toegang in Zegel.'],
    [`${options.items.length} secure message(s) were sent on your behalf:`, ...options.items.map((i) => itemLine(i, 'en')), 'Is this wrong? Revoke the access under Access in Zegel.'],
  );
}
