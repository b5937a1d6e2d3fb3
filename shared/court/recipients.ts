// Pure decisions about recipients, used by the send-event bundle (ES2016 runtime: no `??`, `?.`,
// default parameters or async here; a lint rule fences this file), the taskpane and the API.

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
  /**
   * Contact groups and lists this client cannot expand, and entries whose address cannot be read:
   * nobody can tell where they deliver, so the user must check them.
   */
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

/**
 * The address part of what a client handed over: `Griffie <griffie@rechtspraak.nl>` becomes
 * `griffie@rechtspraak.nl`. Outlook normally gives the bare address; this keeps a display-name form
 * from hiding a court address.
 */
export function addressPart(raw: string): string {
  if (typeof raw !== 'string') return '';
  const trimmed = raw.trim();
  const open = trimmed.lastIndexOf('<');
  const close = trimmed.lastIndexOf('>');
  if (open >= 0 && close > open) return trimmed.slice(open + 1, close).trim();
  return trimmed;
}

/**
 * Drops the characters IDNA mapping ignores (soft hyphen, combining grapheme joiner, Mongolian
 * variation selectors, zero-width space and joiners, word joiner, variation selectors, byte-order
 * mark): `recht\u00adspraak.nl` may still be delivered to rechtspraak.nl.
 */
function dropIgnoredByIdna(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0xad || c === 0x34f || (c >= 0x180b && c <= 0x180d) || (c >= 0x200b && c <= 0x200d) || c === 0x2060) continue;
    if ((c >= 0xfe00 && c <= 0xfe0f) || c === 0xfeff) continue;
    out += text.charAt(i);
  }
  return out;
}

/**
 * The domain as mail routing may see it after IDNA mapping: compatibility forms folded (rechtspraak.nl
 * in full-width letters is rechtspraak.nl), ideographic full stops as dots, ignorable characters
 * dropped, lower-case, no trailing dot. Used to recognise the court, so it errs towards "court".
 */
function routingDomain(address: string): string {
  let domain = domainOf(addressPart(address));
  if (domain === '') return '';
  if (typeof domain.normalize === 'function') domain = domain.normalize('NFKC').toLowerCase();
  domain = dropIgnoredByIdna(domain.replace(/[\u3002\uff0e\uff61]/g, '.'));
  if (domain.charAt(domain.length - 1) === '.') domain = domain.slice(0, -1);
  return domain;
}

/** Separators, quotes and spaces that no deliverable domain contains. */
const NOT_IN_A_DOMAIN = /[\s<>()[\],;:"'\\@]/;

/** Controls and invisible formatting characters (zero-width spaces, bidi marks, soft hyphens). */
function hasInvisibleCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xad || (c >= 0x200b && c <= 0x200f)) return true;
    if ((c >= 0x2028 && c <= 0x202f) || (c >= 0x2060 && c <= 0x206f) || c === 0xfeff) return true;
  }
  return false;
}

/** A domain a mail system would take as written: labels of visible characters, no stray separators. */
function isWellFormedDomain(domain: string): boolean {
  if (domain === '' || NOT_IN_A_DOMAIN.test(domain) || hasInvisibleCharacter(domain)) return false;
  const labels = domain.split('.');
  for (let i = 0; i < labels.length; i += 1) {
    const label = labels[i];
    if (!label || label.charAt(0) === '-' || label.charAt(label.length - 1) === '-') return false;
  }
  return true;
}

/** True for an address at rechtspraak.nl or any subdomain of it, judged on the address part only. */
export function isCourtAddress(address: string): boolean {
  const domain = routingDomain(address);
  if (domain === '' || NOT_IN_A_DOMAIN.test(domain)) return false;
  return domain === COURT_DOMAIN || domain.slice(-(COURT_DOMAIN.length + 1)) === '.' + COURT_DOMAIN;
}

/** Lists and groups, and addresses whose destination cannot be read off (empty or malformed domain). */
function isUnexpandable(recipient: RecipientLike): boolean {
  if (recipient.recipientType === 'distributionList') return true;
  return !isWellFormedDomain(domainOf(addressPart(recipient.emailAddress)));
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
