// Browser journeys run minutes, not milliseconds: Argon2id in the page, a real engine, real waits for
// the authenticator app's next time step.
jest.setTimeout(240_000);
