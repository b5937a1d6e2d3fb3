// What every journey file shares: Zegel started once for the file with its lawyers in the bar
// register, one chromium, and the outboxes; stopped after the file's last journey.
import type { Browser } from 'playwright-core';
import { startZegel, type ZegelServer } from './server';
import { launchChromium } from './browser';
import { outboxes, type Outboxes } from './outboxes';

export interface Suite {
  readonly server: ZegelServer;
  readonly browser: Browser;
  readonly mail: Outboxes;
}

export function journeySuite(name: string, lawyers: readonly { number: string; name: string; email: string }[]): Suite {
  let server: ZegelServer | undefined;
  let browser: Browser | undefined;
  let mail: Outboxes | undefined;
  beforeAll(async () => {
    server = await startZegel({ name, register: lawyers.map((l) => ({ number: l.number, kind: 'lawyer' as const, name: l.name, email: l.email })) });
    mail = outboxes(server.dataDir);
    browser = await launchChromium();
  });
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
  };
}
