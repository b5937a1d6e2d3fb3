// What the guest reader needs from the API, as a plain interface: http.ts implements it over fetch;
// component tests pass a stand-in. Errors carry the server's stable code (shared/errors.ts).
import type { KdfParams } from '../../shared/crypto/kdf';
import { SecureSendApiError } from '../secure-send/types';

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

/** A failure of the guest API: the same shape as Secure send's (code, status, Retry-After). */
export class GuestApiError extends SecureSendApiError {
  constructor(options: ConstructorParameters<typeof SecureSendApiError>[0]) {
    super(options);
    this.name = 'GuestApiError';
  }
}
