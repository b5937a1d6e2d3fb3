// Pure decisions about recipients, used by the send-event bundle (ES2016 runtime: no `??`, `?.`,
// default parameters or async here; a lint rule fences this file) and by the taskpane.

export const COURT_DOMAIN = 'rechtspraak.nl';

export interface RecipientLike {
  emailAddress: string;
  displayName: string;
  /** Office's recipient type: 'user', 'externalUser', 'distributionList' or 'other'. */
  recipientType: string | undefined;
}

export interface RecipientDecision {
  /** Recipients whose address is at the court's domain or a subdomain of it. */
  court: RecipientLike[];
  /** Contact groups and lists this client cannot expand: the user must check them. */
  unexpandable: RecipientLike[];
}

/** The domain of an address, lower-case, or '' when it has none; display names never count. */
export function domainOf(address: string): string {
  if (typeof address !== 'string') return '';
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return '';
  let domain = trimmed.slice(at + 1).toLowerCase();
  if (domain.charAt(domain.length - 1) === '.') domain = domain.slice(0, -1);
  return domain;
}

export function isCourtAddress(address: string): boolean {
  const domain = domainOf(address);
  if (domain === '' || /[\s<>()[\],;:"\\]/.test(domain)) return false;
  return domain === COURT_DOMAIN || domain.slice(-(COURT_DOMAIN.length + 1)) === '.' + COURT_DOMAIN;
}

function isUnexpandable(recipient: RecipientLike): boolean {
  return recipient.recipientType === 'distributionList' || domainOf(recipient.emailAddress) === '';
}

export function decideRecipients(lists: readonly (readonly RecipientLike[])[]): RecipientDecision {
  const decision: RecipientDecision = { court: [], unexpandable: [] };
  for (let i = 0; i < lists.length; i += 1) {
    const list = lists[i];
    if (!list) continue;
    for (let j = 0; j < list.length; j += 1) {
      const recipient = list[j];
      if (!recipient) continue;
      if (isCourtAddress(recipient.emailAddress)) decision.court.push(recipient);
      else if (isUnexpandable(recipient)) decision.unexpandable.push(recipient);
    }
  }
  return decision;
}
