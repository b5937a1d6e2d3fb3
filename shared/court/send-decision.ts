// What OnMessageSend does with a message's recipients: pure, so the send-event bundle (ES2016, fenced
// by lint) and the tests share one rule. Court mail is always stopped; a contact group or list that
// cannot be expanded is stopped once, and passes on the next Send when the user has seen the warning
// for exactly the same groups (see addin/send-event/README.md).
import { decideRecipients, type RecipientLike } from './recipients';

export type SendDecision =
  | { kind: 'allow' }
  | { kind: 'court'; court: RecipientLike[] }
  | { kind: 'check-groups'; groups: RecipientLike[]; fingerprint: string };

/** FNV-1a over UTF-16 code units: a short, stable digest that fits Outlook's small per-item stores. */
function fnv1a(text: string, seed: number): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  let hex = hash.toString(16);
  while (hex.length < 8) hex = '0' + hex;
  return hex;
}

/**
 * Names the exact set of unexpandable recipients (order and case do not matter), so that adding,
 * removing or swapping a group asks the user again. Not a security boundary: it only remembers what
 * the user has been shown for this draft.
 */
export function groupsFingerprint(groups: readonly RecipientLike[]): string {
  const keys: string[] = [];
  for (let i = 0; i < groups.length; i += 1) {
    const g = groups[i];
    if (!g) continue;
    keys.push(String(g.recipientType) + '|' + String(g.emailAddress).trim().toLowerCase() + '|' + String(g.displayName).trim());
  }
  keys.sort();
  const joined = keys.join('\n');
  return 'g1.' + String(keys.length) + '.' + fnv1a(joined, 0x811c9dc5) + fnv1a(joined, 0x050c5d1f);
}

/**
 * The send decision. `acknowledged` holds the fingerprints of group warnings the user has already
 * seen for this draft (from session data or a custom property; empty when none could be read).
 */
export function decideSend(lists: readonly (readonly RecipientLike[])[], acknowledged: readonly string[]): SendDecision {
  const recipients = decideRecipients(lists);
  if (recipients.court.length > 0) return { kind: 'court', court: recipients.court };
  if (recipients.unexpandable.length === 0) return { kind: 'allow' };
  const fingerprint = groupsFingerprint(recipients.unexpandable);
  for (let i = 0; i < acknowledged.length; i += 1) {
    if (acknowledged[i] === fingerprint) return { kind: 'allow' };
  }
  return { kind: 'check-groups', groups: recipients.unexpandable, fingerprint };
}

/** Names of the groups for a message, cut to fit: display name, else address, else a placeholder. */
export function describeRecipients(recipients: readonly RecipientLike[], maxLength: number, unnamed: string): string {
  const names: string[] = [];
  for (let i = 0; i < recipients.length; i += 1) {
    const r = recipients[i];
    if (!r) continue;
    let name = String(r.displayName || '').trim();
    if (name === '') name = String(r.emailAddress || '').trim();
    if (name === '') name = unnamed;
    names.push(name);
  }
  let text = names.join(', ');
  if (text.length > maxLength) text = text.slice(0, Math.max(0, maxLength - 1)) + '\u2026';
  return text;
}
