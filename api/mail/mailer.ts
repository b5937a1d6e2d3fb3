// Sends the API's own mail (invitations, activation codes): over SMTP when SMTP_URL is set, otherwise
// into the local outbox. Callers see one error code, MAIL_DELIVERY_FAILED, never the server's reply
// (it can quote the address or internal host names); the log gets the SMTP code only, never a body.
import { createTransport } from 'nodemailer';
import { AppError } from '../../shared/errors';
import { isValidEmailAddress, normaliseEmailAddress } from './address';
import { createOutbox, type Outbox, type OutboxWarnLogger } from './outbox';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What the message is for (e.g. "invitation"): logged and listed, never the content. */
  kind: string;
}

export type MailTransportKind = 'smtp' | 'outbox';

export interface Mailer {
  readonly transport: MailTransportKind;
  /** Resolves once the server accepted the message (or the outbox file is written). */
  send(message: MailMessage): Promise<void>;
  /** Closes pooled SMTP connections; call at shutdown. */
  close(): Promise<void>;
  /** Present only with the outbox transport (the development routes read it). */
  readonly outbox?: Outbox;
}

export interface MailLogger extends OutboxWarnLogger {
  info(obj: object, msg: string): void;
}

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

export interface MailerOptions {
  /** smtp:// or smtps:// URL (credentials allowed, never logged); unset → local outbox. */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  logger: MailLogger;
  /** Short by default: a hanging mail server must not hang a request for minutes. */
  timeouts?: Partial<SmtpTimeouts>;
}

export const DEFAULT_SMTP_TIMEOUTS: Readonly<SmtpTimeouts> = Object.freeze({ connectionMs: 5_000, greetingMs: 5_000, socketMs: 15_000 });

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function checkMessage(message: MailMessage): string {
  const to = normaliseEmailAddress(message.to);
  // A caller bug, not a delivery problem: refuse before anything leaves.
  if (!isValidEmailAddress(to)) throw new TypeError('mail: "to" must be one plain e-mail address');
  if (/[\r\n]/.test(message.subject)) throw new TypeError('mail: the subject must be one line');
  return to;
}

function smtpFailureFacts(err: unknown): Record<string, string | number> {
  const facts: Record<string, string | number> = {};
  const { code, responseCode, command } = (err ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown };
  if (typeof code === 'string') facts.errorCode = code;
  if (typeof responseCode === 'number') facts.responseCode = responseCode;
  if (typeof command === 'string') facts.smtpCommand = command.split(' ')[0] ?? '';
  return facts;
}

export function createMailer(options: MailerOptions): Mailer {
  const { logger, from } = options;
  if (options.smtpUrl) return smtpMailer(options.smtpUrl, from, logger, { ...DEFAULT_SMTP_TIMEOUTS, ...options.timeouts });

  const outbox = createOutbox({ dir: options.outboxDir, logger });
  logger.info({ outboxDir: outbox.dir }, 'no SMTP_URL: mail is written to the local outbox');
  return {
    transport: 'outbox',
    outbox,
    async send(message) {
      const to = checkMessage(message);
      let outboxId: string;
      try {
        outboxId = await outbox.write({ kind: message.kind, from, to, subject: message.subject, text: message.text, ...(message.html !== undefined ? { html: message.html } : {}) });
      } catch (err) {
        logger.warn({ kind: message.kind, transport: 'outbox', ...smtpFailureFacts(err) }, 'mail not written');
        throw new AppError('MAIL_DELIVERY_FAILED');
      }
      logger.info({ kind: message.kind, transport: 'outbox', outboxId }, 'mail written to outbox');
    },
    close: () => Promise.resolve(),
  };
}

function smtpMailer(smtpUrl: string, from: string, logger: MailLogger, timeouts: SmtpTimeouts): Mailer {
  const url = new URL(smtpUrl);
  // Plain smtp:// to another host would send credentials and invitation links in clear if the server
  // did not offer STARTTLS; insist on it there. `?requireTLS=false` in SMTP_URL overrides (the URL's
  // options win over these), for a relay on a trusted network.
  const requireTLS = url.protocol === 'smtp:' && !LOOPBACK_HOSTS.has(url.hostname);
  const transporter = createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 3,
    idleTimeout: 30_000,
    requireTLS,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectionMs,
    // Our messages carry no attachments; never let a message field read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });

  return {
    transport: 'smtp',
    async send(message) {
      const to = checkMessage(message);
      try {
        await transporter.sendMail({
          from,
          to,
          subject: message.subject,
          text: message.text,
          ...(message.html !== undefined ? { html: message.html } : {}),
          // RFC 3834: keeps out-of-office replies from answering a no-reply address.
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (err) {
        logger.warn({ kind: message.kind, transport: 'smtp', ...smtpFailureFacts(err) }, 'mail not delivered');
        throw new AppError('MAIL_DELIVERY_FAILED');
      }
      logger.info({ kind: message.kind, transport: 'smtp' }, 'mail handed to the SMTP server');
    },
    close() {
      transporter.close();
      return Promise.resolve();
    },
  };
}

/**
 * Sends a notice about a change that is already made (a factor added, a backup code used, an account
 * activated). The change stands whether or not the notice goes out, so a failed send (the mailer has
 * logged it) is answered with false instead of an error that would make the user think the change
 * failed. Anything other than MAIL_DELIVERY_FAILED is a bug and is thrown.
 */
export async function sendNotice<M>(mailer: { send(message: M): Promise<void> }, message: M): Promise<boolean> {
  try {
    await mailer.send(message);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'MAIL_DELIVERY_FAILED') return false;
    throw err;
  }
}
