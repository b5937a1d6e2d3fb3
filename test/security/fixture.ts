// The real API on the embedded engine for one threat file: a clock the test moves, and users taken
// through registration, activation and the authenticator app as the add-in does.
import { startTestApi, type TestApi } from '../helpers/api';
import { onboard, type OnboardedUser } from '../helpers/onboarding';

export interface TestClock {
  now(): Date;
  advance(seconds: number): void;
}

export function testClock(start = '2026-11-28T09:00:00Z'): TestClock {
  let now = new Date(start);
  return {
    now: () => now,
    advance(seconds) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}

export async function apiWithUsers<const E extends readonly string[]>(clock: TestClock, emails: E, env?: Record<string, string>): Promise<{ api: TestApi; users: { -readonly [K in keyof E]: OnboardedUser } }> {
  const api = await startTestApi({ now: clock.now, ...(env ? { env } : {}) });
  const users: OnboardedUser[] = [];
  for (const email of emails) users.push(await onboard(api, { email, clock }));
  return { api, users: users as { -readonly [K in keyof E]: OnboardedUser } };
}
