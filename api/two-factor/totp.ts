// TOTP second factor (RFC 6238): enrolment with a seed sealed under the KEK, and verification that
// accepts each time step at most once per account, judged by the server clock alone.
import crypto from 'node:crypto';
import type { Db, WriteConcernSettings } from 'mongodb';
import { Secret, TOTP } from 'otpauth';
import { toString as qrToString } from 'qrcode';
import { createSecretBox, type SealContext } from './secret-box';
import { totpRepository, type TotpPendingEnrolment } from './totp-repository';

// Authenticator-app defaults: other values are silently ignored by several apps, which then show wrong codes.
export const TOTP_ALGORITHM = 'SHA1';
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted either side of the current one: RFC 6238 §5.2 recommends at most one for network delay. */
export const TOTP_WINDOW = 1;
/** 160-bit seeds, as RFC 4226 §4 recommends. */
export const TOTP_SECRET_BYTES = 20;
/** An enrolment not confirmed within this time is ignored; an abandoned one never becomes a factor. */
export const TOTP_PENDING_TTL_MS = 15 * 60 * 1000;

export type TotpVerifyResult = 'ok' | 'invalid' | 'replayed';

export interface TotpEnrolment {
  /** Base32 seed for manual entry; shown once, never stored in clear. */
  secret: string;
  otpauthUri: string;
  /** The otpauth URI as an SVG QR code. */
  qrSvg: string;
}

export interface TotpStatus {
  enabled: boolean;
  enabledAt?: Date;
}

export interface TotpOptions {
  db: Db;
  durable: Readonly<WriteConcernSettings>;
  /** 32-byte key-encryption key from configuration (TOTP_ENCRYPTION_KEY), never from the database. */
  key: Buffer;
  issuer: string;
  now?: () => Date;
}

export interface TotpService {
  ensureIndexes(): Promise<void>;
  /** New seed as a pending enrolment, replacing an earlier pending one; an active factor stays until confirmation. */
  startEnrolment(options: { accountId: string; label: string }): Promise<TotpEnrolment>;
  /** Activates the pending seed only with a valid code from it; that code's step counts as used. */
  confirmEnrolment(options: { accountId: string; code: string }): Promise<boolean>;
  /** 'replayed' for a valid code of a step at or before the last accepted one (audit it and tell the holder). */
  verify(options: { accountId: string; code: string }): Promise<TotpVerifyResult>;
  status(accountId: string): Promise<TotpStatus>;
  /** Removes the factor and any pending enrolment; true when there was something to remove. */
  remove(accountId: string): Promise<boolean>;
  /** Sweeper task: deletes expired pending enrolments (queries ignore them already). */
  sweepExpiredEnrolments(at: Date): Promise<number>;
}

/** Digits only, spaces allowed (apps show "123 456"); anything else is no code at all. */
function normaliseCode(code: unknown): string | null {
  if (typeof code !== 'string') return null;
  const digits = code.replace(/\s/g, '');
  return digits.length === TOTP_DIGITS && /^[0-9]+$/.test(digits) ? digits : null;
}

/** otpauth keeps a view on the buffer it gets; a copy keeps Node's shared pool out of it. */
function secretOf(bytes: Uint8Array): Secret {
  return new Secret({ buffer: Uint8Array.from(bytes).buffer });
}

/** The time step a code belongs to, within the window around `at`, or null. */
function matchStep(secret: Secret, token: string, at: Date): number | null {
  const timestamp = at.getTime();
  const delta = TOTP.validate({ token, secret, algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, timestamp, window: TOTP_WINDOW });
  return delta === null ? null : TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp }) + delta;
}

/** The code an authenticator app shows at `at` for a base32 seed (tests and client previews). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, timestamp: at.getTime() });
}

export function createTotp(options: TotpOptions): TotpService {
  const repository = totpRepository(options.db, options.durable);
  const box = createSecretBox({ key: options.key });
  const now = options.now ?? (() => new Date());
  const { issuer } = options;
  const context = (accountId: string): SealContext => ({ purpose: 'totp-seed', subject: accountId });

  return {
    ensureIndexes: () => repository.ensureIndexes(),

    async startEnrolment({ accountId, label }) {
      const at = now();
      const raw = crypto.randomBytes(TOTP_SECRET_BYTES);
      const secret = secretOf(raw);
      const pending: TotpPendingEnrolment = {
        id: crypto.randomBytes(16).toString('base64url'),
        sealedSecret: box.seal(raw, context(accountId)),
        startedAt: at,
        expiresAt: new Date(at.getTime() + TOTP_PENDING_TTL_MS),
      };
      raw.fill(0);
      await repository.putPending(accountId, pending);
      const otpauthUri = new TOTP({ issuer, label, algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret }).toString();
      const qrSvg = await qrToString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { secret: secret.base32, otpauthUri, qrSvg };
    },

    async confirmEnrolment({ accountId, code }) {
      const token = normaliseCode(code);
      if (token === null) return false;
      const at = now();
      const pending = (await repository.find(accountId))?.pending;
      if (!pending || pending.expiresAt <= at) return false;
      const raw = box.open(pending.sealedSecret, context(accountId));
      if (!raw) return false;
      const step = matchStep(secretOf(raw), token, at);
      raw.fill(0);
      if (step === null) return false;
      // Null when a parallel confirmation won or a newer enrolment replaced this one meanwhile.
      return (await repository.activate({ accountId, pending, at, step })) !== null;
    },

    async verify({ accountId, code }) {
      const token = normaliseCode(code);
      if (token === null) return 'invalid';
      // Read the clock once, here: no request field takes part in choosing the time.
      const at = now();
      const active = (await repository.find(accountId))?.active;
      if (!active) return 'invalid';
      // A seed sealed under another key (or altered) opens to null: the factor simply does not verify.
      const raw = box.open(active.sealedSecret, context(accountId));
      if (!raw) return 'invalid';
      const step = matchStep(secretOf(raw), token, at);
      raw.fill(0);
      if (step === null) return 'invalid';
      if (step <= active.lastUsedStep) return 'replayed';
      if (await repository.claimStep({ accountId, factorId: active.id, step })) return 'ok';
      // Another request claimed this step (or a later one) first, unless the factor itself changed.
      const current = (await repository.find(accountId))?.active;
      return current && current.id === active.id && current.lastUsedStep >= step ? 'replayed' : 'invalid';
    },

    async status(accountId) {
      const active = (await repository.find(accountId))?.active;
      return active ? { enabled: true, enabledAt: active.enabledAt } : { enabled: false };
    },

    remove: (accountId) => repository.remove(accountId),

    sweepExpiredEnrolments: (at) => repository.sweepExpiredPending(at),
  };
}
