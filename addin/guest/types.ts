// What the guest reader needs from the API, as a plain interface: http.ts implements it over fetch;
// component tests pass a stand-in. Errors carry the server's stable code (shared/errors.ts).
import type { KdfParams } from '../../shared/crypto/kdf';

export interface GuestPartLayout {
  partId: string;
  role: 'subject' | 'body' | 'manifest' | 'attachment';
  chunkCount: number;
}

export interface GuestMeta {
  guestId: string;
  state: 'open' | 'locked' | 'expired';
  kdfParams: KdfParams;
  smsGate: boolean;
  expiresAt: string | null;
}

export interface GuestKeyEntry {
  address: string | null;
  publicKey: string | null;
  fingerprint: string | null;
}

export type GuestOpenAnswer =
  | { next: 'sms'; phoneLast2: string; smsExpiresAt: string }
  | {
      next: 'read';
      token: string;
      tokenExpiresAt: string;
      messageId: string;
      committedAt: string | null;
      expiresAt: string | null;
      wrappedKey: string;
      parts: GuestPartLayout[];
      receipt: string | null;
      sender: GuestKeyEntry;
      replyTo: GuestKeyEntry[];
    };

export type GuestSession = Extract<GuestOpenAnswer, { next: 'read' }>;

export interface GuestApi {
  meta(guestId: string): Promise<GuestMeta>;
  open(guestId: string, input: { verifier: string; smsCode?: string }): Promise<GuestOpenAnswer>;
  resendSms(guestId: string, input: { verifier: string }): Promise<{ next: 'sms'; phoneLast2: string; smsExpiresAt: string }>;
  fetchChunk(guestId: string, token: string, partId: string, index: number): Promise<Uint8Array>;
  createReply(guestId: string, token: string, input: { idempotencyKey: string; parts: GuestPartLayout[] }): Promise<{ messageId: string }>;
  putReplyChunk(guestId: string, token: string, replyId: string, input: { partId: string; index: number; data: Uint8Array }): Promise<void>;
  commitReply(guestId: string, token: string, replyId: string): Promise<{ messageId: string; receipt: string }>;
}

export class GuestApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(options: { code: string; status: number; message?: string; retryAfterSeconds?: number | undefined }) {
    super(options.message ?? options.code);
    this.name = 'GuestApiError';
    this.code = options.code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
