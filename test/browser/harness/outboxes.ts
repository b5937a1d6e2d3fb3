// What reaches the user outside the pane: mail and SMS in the server's local outboxes (DATA_DIR/outbox
// and DATA_DIR/sms-outbox), read with the API's own outbox readers. Waits, since mail is written
// after the HTTP answer in some flows.
import path from 'node:path';
import { createOutbox, type OutboxMessage } from '../../../api/mail/outbox';
import { createSmsOutbox, type SmsOutboxMessage } from '../../../api/two-factor/sms-gateway';

const WAIT_MS = 15_000;

async function poll<T>(what: string, find: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: nothing arrived within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface Outboxes {
  /** The newest mail of `kind` to `to` that arrived after `since` (ISO time), waiting for it. */
  mail(options: { to: string; kind: string; since?: string }): Promise<OutboxMessage>;
  /** The newest SMS to `to` after `since`, waiting for it. */
  sms(options: { to: string; since?: string }): Promise<SmsOutboxMessage>;
}

export function outboxes(dataDir: string): Outboxes {
  const mailbox = createOutbox({ dir: path.join(dataDir, 'outbox') });
  const phone = createSmsOutbox({ dir: path.join(dataDir, 'sms-outbox') });
  return {
    mail: ({ to, kind, since = '' }) =>
      poll(`mail "${kind}" to ${to}`, async () => {
        const hit = (await mailbox.list({ limit: 1000 })).find((m) => m.to === to && m.kind === kind && m.time > since);
        return hit ? ((await mailbox.read(hit.id)) ?? undefined) : undefined;
      }),
    sms: ({ to, since = '' }) =>
      poll(`SMS to ${to}`, async () => {
        const hit = (await phone.list({ limit: 1000 })).find((m) => m.to === to && m.time > since);
        return hit ? ((await phone.read(hit.id)) ?? undefined) : undefined;
      }),
  };
}

/** The first match of `pattern`'s group 1 in `text`, or an error naming what was missing. */
export function extract(text: string, pattern: RegExp, what: string): string {
  const found = pattern.exec(text)?.[1];
  if (!found) throw new Error(`no ${what} in the message`);
  return found;
}
