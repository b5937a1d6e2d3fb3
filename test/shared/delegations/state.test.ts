// The grant state machine: one function per transition, each refusing an illegal one; expiry is
// decided from the signed end date at read time.
import { AppError } from '../../../shared/errors';
import { DELEGATION_STATES, accept, effectiveState, expire, isInForce, nextState, revoke, type DelegationState } from '../../../shared/delegations/state';
import { normaliseScopes } from '../../../shared/delegations/scopes';

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof AppError && err.code === 'DELEGATION_STATE_INVALID';
  }
  return false;
};

describe('transitions', () => {
  it('allows exactly created → active, created/active → revoked, created/active → expired', () => {
    const table: Record<DelegationState, [boolean, boolean, boolean]> = {
      created: [true, true, true],
      active: [false, true, true],
      revoked: [false, false, false],
      expired: [false, false, false],
    };
    for (const state of DELEGATION_STATES) {
      const [canAccept, canRevoke, canExpire] = table[state];
      expect({ state, accept: !refused(() => accept(state)), revoke: !refused(() => revoke(state)), expire: !refused(() => expire(state)) }).toEqual({ state, accept: canAccept, revoke: canRevoke, expire: canExpire });
    }
    expect(accept('created')).toBe('active');
    expect(revoke('active')).toBe('revoked');
    expect(expire('created')).toBe('expired');
    expect(nextState('revoked', 'accept')).toBeNull();
  });
});

describe('in force', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const at = (offsetMinutes: number) => new Date(now.getTime() + offsetMinutes * 60_000);

  it('is active, not past its expiry, and holding the scope', () => {
    expect(isInForce({ state: 'active', expiresAt: null, scopes: ['read'] }, 'read', now)).toBe(true);
    expect(isInForce({ state: 'active', expiresAt: null, scopes: ['read'] }, 'send_on_behalf', now)).toBe(false);
    expect(isInForce({ state: 'created', expiresAt: null, scopes: ['read'] }, 'read', now)).toBe(false);
    expect(isInForce({ state: 'active', expiresAt: at(1), scopes: ['read'] }, 'read', now)).toBe(true);
    expect(isInForce({ state: 'active', expiresAt: now, scopes: ['read'] }, 'read', now)).toBe(false);
  });

  it('reads a live grant past its expiry as expired before the sweeper records it', () => {
    expect(effectiveState({ state: 'active', expiresAt: at(-1) }, now)).toBe('expired');
    expect(effectiveState({ state: 'created', expiresAt: at(-1) }, now)).toBe('expired');
    expect(effectiveState({ state: 'revoked', expiresAt: at(-1) }, now)).toBe('revoked');
    expect(refused(() => accept(effectiveState({ state: 'created', expiresAt: at(-1) }, now)))).toBe(true);
  });
});

describe('scopes', () => {
  it('are send_on_behalf and read, each once', () => {
    expect(normaliseScopes(['send_on_behalf', 'read'])).toEqual(['read', 'send_on_behalf']);
    expect(normaliseScopes([])).toBeNull();
    expect(normaliseScopes(['read', 'read'])).toBeNull();
    expect(normaliseScopes(['read', 'settings'])).toBeNull();
  });
});
