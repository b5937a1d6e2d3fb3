// The capabilities Secure send receives as props: the Office adapters for the draft, the API calls it
// makes, and the signed-in user's unlocked keys. Plain interfaces, so tests pass plain fakes.
import type { PrivateKey, PublicKey } from 'openpgp';
import type { BodyFormat, ComposeAttachment, ComposeRecipients, Recipient, RecipientInput, SendResult } from '../office/compose';
import type { PrincipalMatch } from '../../shared/delegations/principals';
import type { PartLayout } from '../../shared/crypto/messages';
import type { DirectoryDelegate } from '../../shared/delegations/directory-trust';
import type { ReceiptJwk } from '../../shared/crypto/receipt';
import type { GuestAccessUpload } from '../../shared/crypto/guest-access';

export type Language = 'nl' | 'en';

/** The draft, through the promise adapters of addin/office/ (see office-compose.ts for the real ones). */
export interface ComposeCapabilities {
  getComposeRecipients: () => Promise<ComposeRecipients>;
  getFrom: () => Promise<Recipient | null>;
  getSubject: () => Promise<string>;
  getBody: (format: BodyFormat) => Promise<string>;
  /** Every attachment with its bytes (Mailbox 1.8). */
  getAttachments: () => Promise<ComposeAttachment[]>;
  setBody: (content: string, format: BodyFormat) => Promise<void>;
  setSubject: (subject: string) => Promise<void>;
  removeAttachment: (id: string) => Promise<void>;
  setRecipients: (recipients: Partial<Record<'to' | 'cc' | 'bcc', RecipientInput[]>>) => Promise<void>;
  /** 'unsupported' when the user must press Send (ReadWriteItem permission, older clients). */
  sendItem: () => Promise<SendResult>;
  isSetSupported: (version: string) => boolean;
  /** The signed-in mailbox's own address: where the evidence note goes. */
  mailboxAddress: () => string | null;
}

/** The signed-in user's keys, unlocked in the pane. Never sent anywhere. */
export interface SenderKeys {
  accountId: string;
  privateKey: PrivateKey;
  publicKey: PublicKey;
  fingerprint: string;
}

/** One answer of `POST /api/directory/lookup`. */
export interface DirectoryEntry {
  address: string;
  kind: 'unit' | 'account' | 'none';
  unitId?: string;
  unitName?: string;
  keyVersion?: number;
  /** Armored OpenPGP public key. */
  publicKey?: string;
  /** What the server says the fingerprint is; the pane computes its own from `publicKey`. */
  fingerprint?: string;
  /**
   * Account entries: the account's read-scope delegates with the grants its owner signed. The pane
   * encrypts to one only after checking that signature itself (read-delegates.ts).
   */
  delegates?: DirectoryDelegate[];
}

export type ConnectionProblem = 'second-factor-missing' | 'not-linked' | 'email-changed' | 'entry-removed';

/** `GET /api/professional/status`, the part Secure send reads. */
export interface ProfessionalStatusView {
  /** The Rechtspraak connection: second factor set, number linked, register entry active. */
  active: boolean;
  linked: boolean;
  number: string | null;
  kind: 'lawyer' | 'bailiff' | null;
  problems: ConnectionProblem[];
}

/** Someone the user may send as: herself, or a lawyer who delegated send_on_behalf to her. */
export interface PrincipalInfo {
  accountId: string;
  email: string;
  /** The signed-in user herself. */
  self: boolean;
  professional: { number: string | null; kind: 'lawyer' | 'bailiff' | null; courtConnectionActive: boolean };
  /** The principal's key: a message sent on behalf is also encrypted to it. */
  publicKey: string | null;
  fingerprint: string | null;
}

/** `GET /api/delegations/principals?from=`: whom the From address points to, and every possible choice. */
export interface PrincipalsAnswer {
  from: string | null;
  match: PrincipalMatch;
  /** Preselected only when the From address points to exactly one person; the user still confirms. */
  suggested: string | null;
  candidates: PrincipalInfo[];
  /** Everyone the user may send as right now, the user first. */
  choices: PrincipalInfo[];
}

/** What the pane uses when the user holds no delegations (the endpoint answered 404). */
export const NO_DELEGATIONS: PrincipalsAnswer = { from: null, match: 'no-address', suggested: null, candidates: [], choices: [] };

export interface CreateMessageRequest {
  /** 22–64 base64url characters; the same key always names the same message. */
  idempotencyKey: string;
  /** Left out when the user sends as herself. */
  principalAccountId?: string;
  /** `guest: true`: no key; the recipient reads with an access code (api/guests), never a court address. */
  recipients: { address: string; guest?: true }[];
  parts: PartLayout[];
}

/** What `POST /api/messages/{id}/guests` takes per guest: the sealed access, the SMS gate's number (E.164), the expiry. */
export type GuestAccessRequest = GuestAccessUpload & { mobile?: string; expiresInDays?: number };

/** The API's answer per stored guest. */
export interface StoredGuestAccess {
  guestId: string;
  address: string;
  expiresInDays: number;
  smsGate: boolean;
}

export type MessageStatus = 'uploading' | 'committed' | 'recalled';

export interface CreatedMessage {
  messageId: string;
  status: MessageStatus;
  uploaded: { partId: string; index: number }[];
  /** The receipt (JWS) when this key's message was already committed. */
  receipt: string | null;
}

export interface UploadStatus {
  messageId: string;
  status: MessageStatus;
  parts: PartLayout[];
  uploaded: { partId: string; index: number; sha256: string }[];
}

export interface UploadChunkInput {
  messageId: string;
  partId: string;
  index: number;
  /** A binary OpenPGP message, exactly as encryptMessage made it. */
  ciphertext: Uint8Array;
  /** Bytes of this chunk on their way, and the chunk's size. */
  onProgress?: (sent: number, total: number) => void;
}

/** The API calls Secure send makes; http.ts implements them over fetch. Failures reject with SecureSendApiError. */
export interface SecureSendApi {
  lookupKeys: (addresses: readonly string[]) => Promise<DirectoryEntry[]>;
  /** NO_DELEGATIONS when the server answers 404. */
  principals: (input: { from: string | null }) => Promise<PrincipalsAnswer>;
  /** The signed-in user's own court connection. */
  professionalStatus: () => Promise<ProfessionalStatusView>;
  createMessage: (input: CreateMessageRequest) => Promise<CreatedMessage>;
  uploadChunk: (input: UploadChunkInput) => Promise<{ sha256: string; stored: boolean }>;
  uploadStatus: (messageId: string) => Promise<UploadStatus>;
  /**
   * Stores access for the guest recipients of a message still uploading. The API replaces what it
   * held for each address, so sending the same access again leaves one access per guest.
   */
  storeGuestAccess: (messageId: string, guests: readonly GuestAccessRequest[]) => Promise<{ guests: StoredGuestAccess[] }>;
  /** Commits (or, when already committed, returns the same receipt again). */
  commit: (messageId: string) => Promise<{ messageId: string; receipt: string }>;
  /** The published receipt keys (`GET /api/receipts/jwks.json`). */
  receiptKeys: () => Promise<{ keys: ReceiptJwk[] }>;
}

/** A failure of the API with the server's stable code (shared/errors.ts), or NETWORK when no answer came. */
export class SecureSendApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(options: { code: string; status: number; message?: string; retryAfterSeconds?: number | undefined }) {
    super(options.message ?? options.code);
    this.name = 'SecureSendApiError';
    this.code = options.code;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isSecureSendApiError(value: unknown, code?: string): value is SecureSendApiError {
  return value instanceof SecureSendApiError && (code === undefined || value.code === code);
}

const TRANSIENT_CODES = new Set(['NETWORK', 'SERVICE_UNAVAILABLE', 'INTERNAL', 'RATE_LIMITED']);

/** Worth trying again after a pause: no answer, the server's own trouble, or a rate limit. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof SecureSendApiError)) return false;
  return TRANSIENT_CODES.has(error.code) || error.status === 0 || error.status >= 500;
}

const SESSION_OVER = new Set(['AUTH_REQUIRED', 'SESSION_INVALID', 'SESSION_EXPIRED', 'REFRESH_TOKEN_REUSED']);

export function isSessionOver(error: unknown): boolean {
  return error instanceof SecureSendApiError && SESSION_OVER.has(error.code);
}
