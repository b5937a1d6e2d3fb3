// SMS transport (HTTP gateway or local outbox); callers get one SmsDeliveryError, never the gateway's reply, and logs never the text.
import { createFileOutbox } from '../outbox/file-outbox';
import crypto from 'node:crypto';
import { AppError } from '../../shared/errors';
import { isE164, phoneLast2 } from './phone';

export interface SmsMessage {
  /** E.164, e.g. +31612345678. */
  to: string;
  text: string;
}

export type SmsTransportKind = 'http' | 'outbox';

export interface SmsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SmsOutboxMessage {
  id: string;
  /** ISO time the SMS was written. */
  time: string;
  to: string;
  text: string;
  reference: string;
}

export type SmsOutboxSummary = Pick<SmsOutboxMessage, 'id' | 'time' | 'to' | 'reference'>;

export interface SmsOutbox {
  readonly dir: string;
  /** Newest first; without the text, like the mail outbox listing. */
  list(options?: { limit?: number }): Promise<SmsOutboxSummary[]>;
  /** null for an unknown or malformed id. */
  read(id: string): Promise<SmsOutboxMessage | null>;
}

export interface SmsGateway {
  readonly transport: SmsTransportKind;
  /** Resolves once the gateway answered 2xx (or the outbox file is written); else SmsDeliveryError. */
  send(message: SmsMessage): Promise<void>;
  /** Present only with the outbox transport. */
  readonly outbox?: SmsOutbox;
}

export interface SmsGatewayOptions {
  /** SMS_GATEWAY_URL; unset → local outbox. */
  url?: string | undefined;
  /** SMS_GATEWAY_TOKEN, sent as a bearer token; required with a URL. Never logged. */
  token?: string | undefined;
  outboxDir: string;
  /** Covers the whole exchange, answer body included. */
  timeoutMs?: number;
  logger: SmsLogger;
  /**
   * Plain http:// is accepted only to a loopback address by default: the request carries the bearer
   * token and a live code. Set for a proxy on a trusted private network.
   */
  allowPlainHttp?: boolean;
}

export const DEFAULT_SMS_TIMEOUT_MS = 5_000;
/** A gateway answer is only drained; a proxy sending more than this is misbehaving. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Four concatenated SMS segments; our texts are one. */
const MAX_TEXT_LENGTH = 612;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type SmsFailureReason = 'timeout' | 'network' | 'malformed-response' | 'status' | 'outbox';

/**
 * The one error for "the SMS did not go out" (AppError SMS_DELIVERY_FAILED, so the HTTP layer answers
 * 502 with a safe message). `reason` and `httpStatus` are for logs and tests; the gateway's answer is
 * never kept in it.
 */
export class SmsDeliveryError extends AppError {
  readonly reason: SmsFailureReason;
  readonly httpStatus: number | undefined;

  constructor(reason: SmsFailureReason, httpStatus?: number) {
    super('SMS_DELIVERY_FAILED');
    this.name = 'SmsDeliveryError';
    this.reason = reason;
    this.httpStatus = httpStatus;
  }
}

function checkMessage(message: SmsMessage): void {
  // Caller bugs, not delivery problems: refuse before anything leaves.
  if (!isE164(message.to)) throw new TypeError('sms: "to" must be an E.164 number such as +31612345678');
  if (message.text.length === 0 || message.text.length > MAX_TEXT_LENGTH) throw new TypeError(`sms: the text must have 1 to ${MAX_TEXT_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(message.text)) throw new TypeError('sms: the text must be one line without control characters');
}

const newReference = () => crypto.randomBytes(16).toString('hex');

export function createSmsGateway(options: SmsGatewayOptions): SmsGateway {
  if (options.url !== undefined) return httpGateway(options.url, options);
  const outbox = createSmsOutbox({ dir: options.outboxDir, logger: options.logger });
  options.logger.info({ smsOutboxDir: outbox.dir }, 'no SMS_GATEWAY_URL: SMS are written to the local outbox');
  return {
    transport: 'outbox',
    outbox,
    async send(message) {
      checkMessage(message);
      const reference = newReference();
      let outboxId: string;
      try {
        outboxId = await outbox.write({ to: message.to, text: message.text, reference });
      } catch (err) {
        options.logger.warn({ transport: 'outbox', reason: 'outbox', errorCode: errorCode(err), phoneLast2: phoneLast2(message.to) }, 'SMS not written');
        throw new SmsDeliveryError('outbox');
      }
      options.logger.info({ transport: 'outbox', outboxId, reference, phoneLast2: phoneLast2(message.to) }, 'SMS written to outbox');
    },
  };
}

/** Only codes (ECONNREFUSED, HPE_INVALID_CONSTANT, …), never messages: those may quote the peer. */
function errorCode(err: unknown): string | undefined {
  const own = (err as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

function checkGatewayUrl(raw: string, allowPlainHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError('sms: the gateway URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('sms: the gateway URL must be http(s)');
  // fetch refuses them anyway; saying so here gives a clear start-up error instead of failed sends.
  if (url.username !== '' || url.password !== '') throw new TypeError('sms: put the gateway credentials in SMS_GATEWAY_TOKEN, not in the URL');
  if (url.protocol === 'http:' && !allowPlainHttp && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError('sms: plain http:// is allowed only to a loopback address; use https://');
  }
  return url;
}

function httpGateway(rawUrl: string, options: SmsGatewayOptions): SmsGateway {
  const url = checkGatewayUrl(rawUrl, options.allowPlainHttp ?? false);
  const token = options.token ?? '';
  if (!/^[\x21-\x7e]+$/.test(token)) throw new TypeError('sms: a gateway URL needs a token (printable ASCII, no spaces)');
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMS_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError('sms: timeoutMs must be a positive number');
  const { logger } = options;

  return {
    transport: 'http',
    async send(message) {
      checkMessage(message);
      const reference = newReference();
      const facts = { transport: 'http', reference, phoneLast2: phoneLast2(message.to) };
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const fail = (reason: SmsFailureReason, extra: Record<string, unknown> = {}): SmsDeliveryError => {
        logger.warn({ ...facts, reason, ...extra }, 'SMS not delivered');
        return new SmsDeliveryError(reason, typeof extra.status === 'number' ? extra.status : undefined);
      };
      try {
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ to: message.to, text: message.text, reference }),
            // A redirect would repeat the token and the code to wherever it points.
            redirect: 'error',
            signal: controller.signal,
          });
        } catch (err) {
          if (controller.signal.aborted) throw fail('timeout');
          const code = errorCode(err);
          throw fail(code?.startsWith('HPE_') ? 'malformed-response' : 'network', code ? { errorCode: code } : {});
        }
        // Drained within the same deadline: an answer cut short counts as a failure, because we cannot
        // tell what the gateway meant; the user is asked to try again and gets a fresh code.
        try {
          await drain(response);
        } catch (err) {
          if (controller.signal.aborted) throw fail('timeout', { status: response.status });
          const code = errorCode(err);
          throw fail('malformed-response', { status: response.status, ...(code ? { errorCode: code } : {}) });
        }
        if (response.status < 200 || response.status > 299) throw fail('status', { status: response.status });
        logger.info({ ...facts, status: response.status }, 'SMS handed to the gateway');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

class ResponseTooLargeError extends Error {
  readonly code = 'RESPONSE_TOO_LARGE';
}

async function drain(response: Response): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError('gateway answer too large');
    }
  }
}

export { OUTBOX_ID_PATTERN as SMS_OUTBOX_ID_PATTERN } from '../outbox/file-outbox';

/** The development outbox; file names come from the time and a random id, never from the number. */
export function createSmsOutbox(options: { dir: string; logger?: SmsLogger }): SmsOutbox & { write(message: Omit<SmsOutboxMessage, 'id' | 'time'>, now?: Date): Promise<string> } {
  return createFileOutbox<SmsOutboxMessage, SmsOutboxSummary>({ ...options, label: 'SMS', summarise: ({ id, time, to, reference }) => ({ id, time, to, reference }) });
}
