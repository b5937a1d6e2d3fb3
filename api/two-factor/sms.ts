// SMS codes, a restricted authenticator: 6 random digits, 5 minutes, single use, bound to a purpose, stored hashed, sends limited (SMS.md).
import crypto from 'node:crypto';
import type { Db, WriteConcernSettings } from 'mongodb';
import { AppError } from '../../shared/errors';
import { equalHashes } from '../accounts/verifier';
import { normalisePhoneNumber, phoneLast2, requirePhoneNumber } from './phone';
import type { SmsGateway } from './sms-gateway';
import { smsRepository, type SendWindow, type SmsRepository } from './sms-repository';

export const SMS_CODE_TTL_MS = 5 * 60 * 1000;
export const SMS_CODE_DIGITS = 6;
/** Wrong tries per code; the code is void after the last one. */
export const SMS_CODE_MAX_ATTEMPTS = 5;
/** "Send again" limits, applied to the account and to the number alike. */
export const SMS_SEND_WINDOW: Readonly<SendWindow> = Object.freeze({ minIntervalMs: 30 * 1000, maxPerWindow: 5, windowMs: 3600 * 1000 });

export const ENROL_PURPOSE = 'enrol';
/** "kind:id": login:<attemptId>, step-up:<id>. "enrol" has no id and is reserved for confirmPhone. */
const PURPOSE = /^[a-z][a-z0-9-]{0,31}:[A-Za-z0-9_-]{1,128}$/;

export type SmsVerifyResult = 'ok' | 'invalid' | 'expired';

export interface SmsStatus {
  enabled: boolean;
  phoneLast2?: string;
}

export interface SmsCodeSent {
  /** For "we sent a code to your number ending in 78". */
  phoneLast2: string;
  expiresAt: Date;
}

export interface SmsOptions {
  db: Db;
  durable: Readonly<WriteConcernSettings>;
  gateway: Pick<SmsGateway, 'send'>;
  now?: () => Date;
  /**
   * Optional server secret (≥32 bytes, e.g. SERVER_SECRET) that turns the stored hashes into HMACs.
   * Without it a database reader can still not use a code directly, but could brute-force a live
   * 20-bit code or the number behind a send counter; with it the database alone reveals neither.
   */
  pepper?: Buffer;
}

export interface SmsService {
  ensureIndexes(): Promise<void>;
  /** Sends an enrolment code to `phone`; the number counts only after confirmPhone. */
  startPhoneVerification(options: { accountId: string; phone: string }): Promise<SmsCodeSent>;
  /** true → the SMS factor is active with this number (replacing an earlier one). */
  confirmPhone(options: { accountId: string; phone: string; code: string }): Promise<boolean>;
  /** sendCode with purpose `login:<attemptId>`. */
  sendLoginCode(options: { accountId: string; attemptId: string }): Promise<SmsCodeSent>;
  /** Sends a code bound to `purpose` ("kind:id") to the account's verified number. */
  sendCode(options: { accountId: string; purpose: string }): Promise<SmsCodeSent>;
  verifyCode(options: { accountId: string; purpose: string; code: string }): Promise<SmsVerifyResult>;
  status(accountId: string): Promise<SmsStatus>;
  /** Removes the factor and every pending code; true if a factor was active. */
  remove(accountId: string): Promise<boolean>;
  /** Deletes expired codes and send counters; returns how many. */
  sweepExpired(now: Date): Promise<number>;
}

/** Thrown by sendCode/sendLoginCode for an account without a verified number. */
export class SmsNotEnabledError extends AppError {
  constructor() {
    super('SECOND_FACTOR_METHOD_UNAVAILABLE');
    this.name = 'SmsNotEnabledError';
  }
}

export function loginPurpose(attemptId: string): string {
  return `login:${attemptId}`;
}

export function stepUpPurpose(id: string): string {
  return `step-up:${id}`;
}

/** Dutch first (our users), English second; 108 GSM-7 characters, so one SMS segment. */
export function smsCodeText(code: string): string {
  return `Zegel-code: ${code}. Geldig 5 min. Deel deze code met niemand. / Zegel code, valid 5 min, share with no one.`;
}

function checkPurpose(purpose: string): void {
  // Purposes are built by the server from its own ids; anything else is a caller bug.
  if (!PURPOSE.test(purpose)) throw new TypeError('sms: purpose must look like "login:<id>" or "step-up:<id>"');
}

function checkAccountId(accountId: string): void {
  if (accountId.length === 0 || accountId.length > 128) throw new TypeError('sms: accountId must be 1 to 128 characters');
}

/** Spaces and dashes are what people add when they copy a code; anything else is simply wrong. */
function typedCode(code: string): string | null {
  if (code.length > 32) return null;
  const digits = code.replace(/[\s-]/g, '');
  return new RegExp(`^[0-9]{${SMS_CODE_DIGITS}}$`).test(digits) ? digits : null;
}

export function createSms(options: SmsOptions): SmsService {
  const repository: SmsRepository = smsRepository(options.db, options.durable);
  const now = options.now ?? (() => new Date());
  const { gateway, pepper } = options;
  if (pepper !== undefined && pepper.length < 32) throw new TypeError('sms: the pepper must have at least 32 bytes');

  /** Domain-separated, length-prefixed digest: no two different inputs can be spliced into the same bytes. */
  function digest(label: string, ...parts: readonly (string | Buffer)[]): string {
    const hash = pepper ? crypto.createHmac('sha256', pepper) : crypto.createHash('sha256');
    for (const part of [label, ...parts]) {
      const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      hash.update(length).update(bytes);
    }
    return hash.digest('base64url');
  }

  const codeId = (accountId: string, purpose: string) => digest('zegel-sms-code-id:v1', accountId, purpose);
  const codeHash = (salt: Buffer, accountId: string, purpose: string, phone: string, code: string) => digest('zegel-sms-code:v1', salt, accountId, purpose, phone, code);
  const accountLimitKey = (accountId: string) => digest('zegel-sms-send:account:v1', accountId);
  const numberLimitKey = (phone: string) => digest('zegel-sms-send:number:v1', phone);

  function retryAfterSeconds(sentAt: readonly Date[], at: Date): number {
    const times = sentAt.map((t) => t.getTime());
    let waitMs = 0;
    if (times.length > 0) {
      const latest = Math.max(...times);
      waitMs = Math.max(waitMs, latest + SMS_SEND_WINDOW.minIntervalMs - at.getTime());
      if (times.length >= SMS_SEND_WINDOW.maxPerWindow) {
        const sorted = [...times].sort((a, b) => a - b);
        const freesUp = sorted[times.length - SMS_SEND_WINDOW.maxPerWindow] ?? latest;
        waitMs = Math.max(waitMs, freesUp + SMS_SEND_WINDOW.windowMs - at.getTime());
      }
    }
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  /**
   * Counts this send against the account and the number, or throws RATE_LIMITED. Failed sends count
   * too: a gateway that timed out may still deliver, and a failing gateway must not be hammered.
   */
  async function reserveSend(accountId: string, phone: string, at: Date): Promise<void> {
    const accountKey = accountLimitKey(accountId);
    const byAccount = await repository.reserveSend({ key: accountKey, at, window: SMS_SEND_WINDOW });
    if (!byAccount.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: retryAfterSeconds(byAccount.sentAt, at) });
    const byNumber = await repository.reserveSend({ key: numberLimitKey(phone), at, window: SMS_SEND_WINDOW });
    if (!byNumber.allowed) {
      // Nothing was sent, so this account's count is given back; a crash here only errs on the strict side.
      await repository.releaseSend({ key: accountKey, at });
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: retryAfterSeconds(byNumber.sentAt, at) });
    }
  }

  /**
   * The code is stored only after the gateway accepted the SMS: when sending fails nothing usable is
   * left (a code the gateway may still deliver late matches no record), and an earlier code for the
   * same purpose stays as it was.
   */
  async function issue(accountId: string, purpose: string, kind: string, phone: string): Promise<SmsCodeSent> {
    const at = now();
    await reserveSend(accountId, phone, at);
    const code = crypto.randomInt(0, 10 ** SMS_CODE_DIGITS).toString().padStart(SMS_CODE_DIGITS, '0');
    const salt = crypto.randomBytes(16);
    const expiresAt = new Date(at.getTime() + SMS_CODE_TTL_MS);
    await gateway.send({ to: phone, text: smsCodeText(code) });
    await repository.putCode({
      _id: codeId(accountId, purpose),
      accountId,
      kind,
      salt: salt.toString('base64url'),
      codeHash: codeHash(salt, accountId, purpose, phone, code),
      phoneLast2: phoneLast2(phone),
      attempts: 0,
      createdAt: at,
      expiresAt,
    });
    return { phoneLast2: phoneLast2(phone), expiresAt };
  }

  /** The number is part of the hash: a code works only for the number it was sent to. */
  async function check(accountId: string, purpose: string, phone: string, code: string): Promise<SmsVerifyResult> {
    const digits = typedCode(code);
    // Not a guess at all (wrong shape): no try is used up.
    if (digits === null) return 'invalid';
    const id = codeId(accountId, purpose);
    const at = now();
    const reserved = await repository.reserveAttempt({ id, at, maxAttempts: SMS_CODE_MAX_ATTEMPTS });
    if (!reserved) {
      const existing = await repository.findCode(id);
      return existing !== null && existing.expiresAt.getTime() <= at.getTime() ? 'expired' : 'invalid';
    }
    const actual = codeHash(Buffer.from(reserved.salt, 'base64url'), accountId, purpose, phone, digits);
    if (!equalHashes(actual, reserved.codeHash)) return 'invalid';
    // Of concurrent correct tries, only the one that deletes this issue of the code succeeds.
    return (await repository.consumeCode({ id, salt: reserved.salt })) ? 'ok' : 'invalid';
  }

  async function sendCode({ accountId, purpose }: { accountId: string; purpose: string }): Promise<SmsCodeSent> {
    checkAccountId(accountId);
    checkPurpose(purpose);
    const factor = await repository.findFactor(accountId);
    if (!factor) throw new SmsNotEnabledError();
    return issue(accountId, purpose, purpose.slice(0, purpose.indexOf(':')), factor.phone);
  }

  return {
    ensureIndexes: () => repository.ensureIndexes(),

    async startPhoneVerification({ accountId, phone }) {
      checkAccountId(accountId);
      const e164 = requirePhoneNumber(phone);
      return issue(accountId, ENROL_PURPOSE, ENROL_PURPOSE, e164);
    },

    async confirmPhone({ accountId, phone, code }) {
      checkAccountId(accountId);
      const normalised = normalisePhoneNumber(phone);
      if (!normalised.ok) return false;
      const result = await check(accountId, ENROL_PURPOSE, normalised.e164, code);
      if (result !== 'ok') return false;
      await repository.setFactor({ accountId, phone: normalised.e164, at: now() });
      // Codes sent to an earlier number no longer match (the number is in their hash); drop them too.
      await repository.deleteCodes(accountId);
      return true;
    },

    sendLoginCode: ({ accountId, attemptId }) => sendCode({ accountId, purpose: loginPurpose(attemptId) }),
    sendCode,

    async verifyCode({ accountId, purpose, code }) {
      checkAccountId(accountId);
      checkPurpose(purpose);
      const factor = await repository.findFactor(accountId);
      if (!factor) return 'invalid';
      return check(accountId, purpose, factor.phone, code);
    },

    async status(accountId) {
      checkAccountId(accountId);
      const factor = await repository.findFactor(accountId);
      return factor ? { enabled: true, phoneLast2: phoneLast2(factor.phone) } : { enabled: false };
    },

    async remove(accountId) {
      checkAccountId(accountId);
      const removed = await repository.removeFactor(accountId);
      await repository.deleteCodes(accountId);
      return removed;
    },

    sweepExpired: (at) => repository.sweepExpired(at),
  };
}
