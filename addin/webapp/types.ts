// What the web app screens receive as props: the API calls (inbox, messages, units, and the send calls
// Secure send already has), the signed-in user's unlocked keys, and plain values. Plain interfaces, so
// tests pass fakes or the real fetch client (http.ts).
import type { PartLayout } from '../../shared/crypto/messages';
import type { SecureSendApi } from '../secure-send/types';

export type { Language, SenderKeys } from '../secure-send/types';

export type MessageState = 'uploading' | 'committed' | 'recalled';

export interface RecipientStatus {
  address: string;
  kind: 'unit' | 'account' | 'guest';
  /** When the server made it visible to this recipient (the commit). */
  deliveredAt: string | null;
  /** The first time this recipient (or a clerk of the unit, or a read-scope delegate) fetched the body or an attachment. */
  openedAt: string | null;
}

/** `GET /api/messages` entries: ids, people, times and states; never content. */
export interface MessageSummary {
  messageId: string;
  status: MessageState;
  threadId: string;
  inReplyTo: string | null;
  committedAt: string | null;
  recalledAt: string | null;
  /** `guest`: a reply from a recipient without an account, with the one-off key the sender certified. */
  sender: { accountId: string; email: string | null; fingerprint: string | null; guest?: GuestSender };
  principal: { accountId: string; email: string | null; professionalNumber: string | null; kind: 'lawyer' | 'bailiff' | null };
  toCourt: boolean;
  recipients: RecipientStatus[];
  parts: PartLayout[];
}

export interface GuestSender {
  publicKey: string;
  keyCertificate: string;
  guestId: string;
  originalMessageId: string;
}

/** `GET /api/messages/:id`: the summary plus the receipt (JWS). */
export interface MessageDetail extends MessageSummary {
  receipt: string | null;
}

/** `GET /api/organisations/me`: a unit the user is a clerk of, with its key wrapped to her. */
export interface Membership {
  memberId: string;
  unitId: string;
  unitName: string;
  orgId: string;
  role: string;
  addresses: string[];
  key: { version: number; fingerprint: string; publicKey: string } | null;
  /** Each wrap with the clerk who made it and, from the API, that clerk's public key (null when she has none). */
  wrappedKeys: { version: number; wrapped: string; wrappedBy: string; wrappedByKey?: { publicKey: string; fingerprint: string } | null }[];
}

/** Someone whose inbox the user may read (an active grant with the read scope). */
export interface ReadPrincipal {
  accountId: string;
  email: string;
}

/** Which list to show. */
export type Box = { kind: 'inbox' } | { kind: 'sent' } | { kind: 'principal'; accountId: string } | { kind: 'unit'; unitId: string };

/** The inbox side of the API. Failures reject with SecureSendApiError, as the send calls do. */
export interface InboxApi {
  listMessages: (box: Box) => Promise<MessageSummary[]>;
  getMessage: (messageId: string) => Promise<MessageDetail>;
  /** One stored ciphertext chunk, exactly as stored. */
  fetchChunk: (messageId: string, partId: string, index: number) => Promise<Uint8Array>;
  recall: (messageId: string) => Promise<MessageDetail>;
  memberships: () => Promise<Membership[]>;
  readPrincipals: () => Promise<ReadPrincipal[]>;
}

export type WebAppApi = SecureSendApi & InboxApi;
