// Secure send's jsdom environment with Node's own timers, for component tests that start the real API
// in the same realm (its MongoDB driver and rate limiter unref their timers, which jsdom's cannot do),
// and Node's fetch for the pane's HTTP client on loopback.
// Use with the docblock `@jest-environment ./test/addin/secure-send/real-api-environment.ts`.
import SecureSendEnvironment from './environment';

type Constructor<T> = T extends new (...args: infer A) => unknown ? A : never;

export default class SecureSendRealApiEnvironment extends SecureSendEnvironment {
  constructor(...args: Constructor<typeof SecureSendEnvironment>) {
    super(...args);
    Object.assign(this.global as unknown as Record<string, unknown>, { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, queueMicrotask, fetch });
  }
}
