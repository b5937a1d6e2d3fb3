// What every journey file shares: Zegel started once for the file with its lawyers in the bar
// register, one chromium, and the outboxes; stopped after the file's last journey. A court suite
// serves the court build (court-build.ts) at Zegel's public origin, with the court's organisation and
// unit registered by the administrator's CLI before the start.
import type { Browser } from 'playwright-core';
import { startZegel, type AdminCommand, type ZegelServer } from './server';
import { launchChromium, newJourney, type Journey } from './browser';
import { outboxes, type Outboxes } from './outboxes';
import { courtBuild, PUBLIC_ORIGIN } from './court-build';

export interface Suite {
  readonly server: ZegelServer;
  readonly browser: Browser;
  readonly mail: Outboxes;
  /** Output of the setup commands, in order. */
  readonly setupOutput: readonly string[];
  /** A fresh browser profile that reaches this suite's Zegel. */
  journey(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<Journey>;
}

export interface SuiteOptions {
  /** Serve the court build at https://zegel.test instead of dist/ at the server's own address. */
  court?: boolean;
  /** Administrator CLIs before the start (e.g. `npm run org`). */
  setup?: readonly AdminCommand[];
}

/** Building the court add-in takes a minute or more on a busy machine. */
const COURT_SETUP_TIMEOUT_MS = 600_000;

export function journeySuite(name: string, lawyers: readonly { number: string; name: string; email: string }[], options: SuiteOptions = {}): Suite {
  let server: ZegelServer | undefined;
  let browser: Browser | undefined;
  let mail: Outboxes | undefined;
  let setupOutput: string[] = [];
  beforeAll(async () => {
    const build = options.court ? await courtBuild() : undefined;
    const register = lawyers.map((l) => ({ number: l.number, kind: 'lawyer' as const, name: l.name, email: l.email }));
    server = await startZegel({ name, register, ...(options.setup ? { setup: options.setup } : {}), ...(build ? { distDir: build.distDir, publicBaseUrl: PUBLIC_ORIGIN } : {}) });
    setupOutput = server.setupOutput;
    mail = outboxes(server.dataDir);
    browser = await launchChromium();
  }, options.court ? COURT_SETUP_TIMEOUT_MS : undefined);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the journey suite did not start');
    return value;
  };
  return {
    get server() {
      return ready(server);
    },
    get browser() {
      return ready(browser);
    },
    get mail() {
      return ready(mail);
    },
    get setupOutput() {
      return setupOutput;
    },
    journey(journeyOptions = {}) {
      const s = ready(server);
      return newJourney(ready(browser), s.origin, { ...journeyOptions, ...(s.origin !== s.address ? { upstream: s.address } : {}) });
    },
  };
}
