// The local outbox: without an SMTP server every message becomes one JSON file here, so a developer
// (or a first-time user trying Zegel locally) can open the activation mail. File names are built from
// the time and a random id, never from anything in the message, so no address can steer a path.
import { createFileOutbox, type FileOutbox, type OutboxWarnLogger } from '../outbox/file-outbox';

export interface OutboxMessage {
  id: string;
  /** ISO time the message was written. */
  time: string;
  kind: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export type OutboxSummary = Pick<OutboxMessage, 'id' | 'time' | 'kind' | 'to' | 'subject'>;

export { OUTBOX_ID_PATTERN, type OutboxWarnLogger } from '../outbox/file-outbox';

export type Outbox = FileOutbox<OutboxMessage, OutboxSummary>;

export function createOutbox(options: { dir: string; logger?: OutboxWarnLogger }): Outbox {
  return createFileOutbox<OutboxMessage, OutboxSummary>({ ...options, label: 'mail', summarise: ({ id, time, kind, to, subject }) => ({ id, time, kind, to, subject }) });
}
