// The life of a delegation grant as a small state machine (drawn in README.md):
//
//   created ──accept──▶ active
//      ├──revoke───────────┼──▶ revoked   (final)
//      └──expire───────────┴──▶ expired   (final)
//
// One function per transition; each refuses an illegal one with DELEGATION_STATE_INVALID. Revoked and
// expired are final: changing a grant means revoking it and signing a new one. Pure: the API applies
// the result with one conditional update whose filter holds the state it started from.
import { AppError } from '../errors';
import type { DelegationScope } from './scopes';

export const DELEGATION_STATES = ['created', 'active', 'revoked', 'expired'] as const;
export type DelegationState = (typeof DELEGATION_STATES)[number];

/** States in which a grant still counts (for uniqueness: one live grant per principal and delegate). */
export const LIVE_STATES: readonly DelegationState[] = ['created', 'active'];

export type DelegationEvent = 'accept' | 'revoke' | 'expire';

const TRANSITIONS: Readonly<Record<DelegationState, Readonly<Partial<Record<DelegationEvent, DelegationState>>>>> = {
  created: { accept: 'active', revoke: 'revoked', expire: 'expired' },
  active: { revoke: 'revoked', expire: 'expired' },
  revoked: {},
  expired: {},
};

/** The state after `event`, or null when the event is not allowed in `state`. */
export function nextState(state: DelegationState, event: DelegationEvent): DelegationState | null {
  return TRANSITIONS[state][event] ?? null;
}

function step(state: DelegationState, event: DelegationEvent): DelegationState {
  const next = nextState(state, event);
  if (next === null) throw new AppError('DELEGATION_STATE_INVALID', { details: [{ path: 'state', problem: `cannot ${event} a grant that is ${state}` }] });
  return next;
}

/** The delegate accepts a grant the principal created: from then on it is in force. */
export function accept(state: DelegationState): 'active' {
  return step(state, 'accept') as 'active';
}

/** The principal withdraws it, the delegate gives it up, or the system ends it (re-enrolment, closing). */
export function revoke(state: DelegationState): 'revoked' {
  return step(state, 'revoke') as 'revoked';
}

/** The signed expiry has passed. */
export function expire(state: DelegationState): 'expired' {
  return step(state, 'expire') as 'expired';
}

export interface GrantTiming {
  state: DelegationState;
  expiresAt: Date | null;
}

/** The state as of `now`: a live grant past its expiry is expired even before the sweeper records it. */
export function effectiveState(grant: GrantTiming, now: Date): DelegationState {
  const live = grant.state === 'created' || grant.state === 'active';
  return live && grant.expiresAt !== null && grant.expiresAt.getTime() <= now.getTime() ? 'expired' : grant.state;
}

/** Whether the grant lets its delegate use `scope` at `now`: active, not expired, and holding the scope. */
export function isInForce(grant: GrantTiming & { scopes: readonly DelegationScope[] }, scope: DelegationScope, now: Date): boolean {
  return effectiveState(grant, now) === 'active' && grant.scopes.includes(scope);
}
