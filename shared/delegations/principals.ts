// Who is the principal of a message being composed? Outlook's From address suggests it, but it is not
// always reliable (a shared mailbox, a delegate mailbox, a changed From), so these rules only give
// candidates: the pane always shows the choice and lets the user confirm or change it, and the API
// checks the chosen principal's grant again on every request. Pure; the API feeds it fresh data.
//
//   From = the user's own address           → the user (a lawyer composing as herself)
//   From = the address of a principal       → that principal (a secretary in the lawyer's own mailbox)
//          who delegated send_on_behalf
//   From = a registered shared mailbox      → every lawyer who uses that mailbox AND delegated
//                                             send_on_behalf to this user (and the user herself
//                                             when she uses the mailbox)
//   anything else, or no From               → no candidate: the user picks from `choices`

export type PrincipalMatch = 'own-address' | 'principal-address' | 'shared-mailbox' | 'unknown-address' | 'no-address';

export interface PrincipalRef {
  accountId: string;
  email: string;
}

export interface ResolvePrincipalsInput {
  /** The From address Outlook reports, as typed or read; null when there is none. */
  from: string | null;
  /** The signed-in user. */
  user: PrincipalRef;
  /** Principals who delegated send_on_behalf to the user, in force right now. */
  principals: readonly PrincipalRef[];
  /** The registered (verified) shared mailbox whose address is `from`, with the accounts that use it; null if none. */
  mailbox: { address: string; userAccountIds: readonly string[] } | null;
}

export interface ResolvedPrincipals {
  match: PrincipalMatch;
  /** Account ids the From address points to, best first; empty when it points to nobody the user may act for. */
  candidates: string[];
  /** The one to preselect (only when there is exactly one candidate); the pane still asks to confirm. */
  suggested: string | null;
  /** Everyone the user may send as right now, the user first: what the pane offers to change to. */
  choices: string[];
}

export function normaliseAddress(address: string | null | undefined): string {
  return (address ?? '').trim().toLowerCase();
}

export function resolvePrincipals(input: ResolvePrincipalsInput): ResolvedPrincipals {
  const from = normaliseAddress(input.from);
  const user = { accountId: input.user.accountId, email: normaliseAddress(input.user.email) };
  const principals = [...input.principals]
    .filter((p) => p.accountId !== user.accountId)
    .map((p) => ({ accountId: p.accountId, email: normaliseAddress(p.email) }))
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  const choices = [user.accountId, ...new Set(principals.map((p) => p.accountId))];
  const done = (match: PrincipalMatch, candidates: string[]): ResolvedPrincipals => ({ match, candidates, suggested: candidates.length === 1 ? (candidates[0] ?? null) : null, choices });

  if (from === '') return done('no-address', []);
  if (from === user.email) return done('own-address', [user.accountId]);
  const byAddress = principals.filter((p) => p.email === from);
  if (byAddress.length > 0) return done('principal-address', byAddress.map((p) => p.accountId));
  if (input.mailbox && normaliseAddress(input.mailbox.address) === from) {
    const users = new Set(input.mailbox.userAccountIds);
    const candidates = [...(users.has(user.accountId) ? [user.accountId] : []), ...principals.filter((p) => users.has(p.accountId)).map((p) => p.accountId)];
    return done('shared-mailbox', [...new Set(candidates)]);
  }
  return done('unknown-address', []);
}
