// The user's authenticator app: codes computed here from the secret the pane shows (otpauth, the
// RFC 6238 defaults the server uses). The server accepts each time step once and one step either
// side of its clock, so the app hands out steps in order and waits for the clock when it must.
import { Secret, TOTP } from 'otpauth';

const PERIOD_S = 30;
/** Near the end of a step, the step before the current one may already be outside the server's window. */
const MARGIN_S = 5;

export interface Authenticator {
  /** A code for a step after every step handed out before (waits at most one period). */
  next(): Promise<string>;
}

export function authenticatorApp(secretBase32: string): Authenticator {
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32.replace(/\s/g, '')), algorithm: 'SHA1', digits: 6, period: PERIOD_S });
  let last = -Infinity;
  return {
    async next() {
      for (;;) {
        const nowS = Date.now() / 1000;
        const current = Math.floor(nowS / PERIOD_S);
        const left = PERIOD_S - (nowS % PERIOD_S);
        const earliest = left > MARGIN_S ? current - 1 : current;
        const step = Math.max(last + 1, earliest);
        if (step <= current + 1) {
          last = step;
          return totp.generate({ timestamp: step * PERIOD_S * 1000 });
        }
        await new Promise((resolve) => setTimeout(resolve, (left + 0.5) * 1000));
      }
    },
  };
}
