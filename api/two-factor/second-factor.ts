// Checks a second factor (authenticator app, SMS code or backup code) for login, step-up and
// recovery. Each factor has its own failure counter per account, so a correct password never resets
// the TOTP counter; lock-outs, replays and failures go to the audit log.
import { AppError } from '../../shared/errors';
import type { AuditLog } from '../audit/audit-log';
import type { RateLimiter } from '../rate-limit/limiter';

export type SecondFactorMethod = 'totp' | 'sms' | 'backup';

export interface TotpModule {
  status(accountId: string): Promise<{ enabled: boolean }>;
  verify(input: { accountId: string; code: string }): Promise<'ok' | 'invalid' | 'replayed'>;
  startEnrolment(input: { accountId: string; label: string }): Promise<{ secret: string; otpauthUri: string; qrSvg: string }>;
  confirmEnrolment(input: { accountId: string; code: string }): Promise<boolean>;
  remove(accountId: string): Promise<unknown>;
}

export interface SmsModule {
  status(accountId: string): Promise<{ enabled: boolean; phoneLast2?: string }>;
  startPhoneVerification(input: { accountId: string; phone: string }): Promise<unknown>;
  confirmPhone(input: { accountId: string; phone: string; code: string }): Promise<boolean>;
  sendCode(input: { accountId: string; purpose: string }): Promise<unknown>;
  verifyCode(input: { accountId: string; purpose: string; code: string }): Promise<'ok' | 'invalid' | 'expired'>;
  remove(accountId: string): Promise<unknown>;
}

export interface BackupCodesModule {
  generate(accountId: string): Promise<string[]>;
  use(input: { accountId: string; code: string }): Promise<'ok' | 'invalid'>;
  remaining(accountId: string): Promise<number>;
  remove(accountId: string): Promise<unknown>;
}

export interface FactorModules {
  totp: TotpModule;
  sms: SmsModule;
  backup: BackupCodesModule;
  smsDisabled: boolean;
}

export interface FactorStatus {
  totp: boolean;
  sms: boolean;
  phoneLast2: string | null;
  backupCodesLeft: number;
  /** Methods that can complete a login now. */
  methods: SecondFactorMethod[];
  /** At least one real factor (app or SMS) is set up. */
  configured: boolean;
}

export function createSecondFactor(options: {
  factors: FactorModules;
  limiter: RateLimiter;
  audit: AuditLog;
  /** Tells the account holder that an already used app code came back (ASVS 4.0.3 2.8.5). */
  onReplay?: (accountId: string) => Promise<void>;
}) {
  const { factors, limiter, audit } = options;

  async function status(accountId: string): Promise<FactorStatus> {
    const [totp, sms, backupCodesLeft] = await Promise.all([factors.totp.status(accountId), factors.sms.status(accountId), factors.backup.remaining(accountId)]);
    const smsUsable = sms.enabled && !factors.smsDisabled;
    const methods: SecondFactorMethod[] = [];
    if (totp.enabled) methods.push('totp');
    if (smsUsable) methods.push('sms');
    if ((totp.enabled || smsUsable) && backupCodesLeft > 0) methods.push('backup');
    return { totp: totp.enabled, sms: smsUsable, phoneLast2: smsUsable ? (sms.phoneLast2 ?? null) : null, backupCodesLeft, methods, configured: totp.enabled || smsUsable };
  }

  /**
   * Verifies one factor for a purpose ("login:<attempt>", "step-up:<session>", "recovery:<attempt>").
   * Resolves with the method used; throws a stable AppError code otherwise.
   */
  async function verify(input: { accountId: string; method: SecondFactorMethod; code: string; purpose: string; requestId: string }): Promise<SecondFactorMethod> {
    const { accountId, method, code, purpose, requestId } = input;
    const current = await status(accountId);
    if (!current.methods.includes(method)) throw new AppError('SECOND_FACTOR_METHOD_UNAVAILABLE');
    const key = [`factor:${method}:${accountId}`];
    const decision = await limiter.check(key);
    if (!decision.allowed) {
      await audit.append({ actor: accountId, action: `second-factor.${method}`, outcome: 'denied', requestId, details: { reason: 'rate-limited' } });
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: decision.retryAfterSeconds });
    }
    let result: string;
    if (method === 'totp') result = await factors.totp.verify({ accountId, code });
    else if (method === 'sms') result = await factors.sms.verifyCode({ accountId, purpose, code });
    else result = await factors.backup.use({ accountId, code });

    if (result === 'ok') {
      await limiter.recordSuccess(key);
      await audit.append({ actor: accountId, action: `second-factor.${method}`, outcome: 'success', requestId, details: { purpose: purpose.split(':')[0] ?? purpose } });
      return method;
    }
    await limiter.recordFailure(key);
    await audit.append({ actor: accountId, action: `second-factor.${method}`, outcome: 'failure', requestId, details: { reason: result } });
    if (method === 'totp' && result === 'replayed') {
      await options.onReplay?.(accountId);
      throw new AppError('TOTP_REPLAYED');
    }
    if (method === 'totp') throw new AppError('TOTP_INVALID');
    if (method === 'sms') throw new AppError('SMS_CODE_INVALID');
    throw new AppError('BACKUP_CODE_INVALID');
  }

  /** Sends an SMS code bound to a purpose, to the account's verified number. */
  async function sendSms(input: { accountId: string; purpose: string }): Promise<void> {
    if (factors.smsDisabled) throw new AppError('SMS_DISABLED');
    if (!(await status(input.accountId)).sms) throw new AppError('SECOND_FACTOR_METHOD_UNAVAILABLE');
    await factors.sms.sendCode(input);
  }

  return { status, verify, sendSms };
}

export type SecondFactor = ReturnType<typeof createSecondFactor>;
