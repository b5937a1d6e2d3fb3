// What a delegation lets the delegate do. Two scopes, no more: sending on the principal's behalf, and
// reading what is addressed to the principal. Nothing touches the principal's own settings.

export const DELEGATION_SCOPES = ['send_on_behalf', 'read'] as const;

export type DelegationScope = (typeof DELEGATION_SCOPES)[number];

export function isDelegationScope(value: unknown): value is DelegationScope {
  return typeof value === 'string' && (DELEGATION_SCOPES as readonly string[]).includes(value);
}

/** A valid scope set: non-empty, only known scopes, no duplicates. Returns it sorted, or null. */
export function normaliseScopes(scopes: readonly unknown[]): DelegationScope[] | null {
  if (scopes.length === 0 || !scopes.every(isDelegationScope)) return null;
  const sorted = [...(scopes as DelegationScope[])].sort();
  return new Set(sorted).size === sorted.length ? sorted : null;
}
