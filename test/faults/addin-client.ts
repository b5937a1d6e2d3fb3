// The add-in's own Secure send code for the fault tests: prepareSend (encrypt in the client) and
// uploadPrepared (create, upload, resume, commit, with its retries) over Node's fetch.
import { createSecureSendHttpApi } from '../../addin/secure-send/http';
import { prepareSend, uploadPrepared, type PreparedSend, type RetryPolicy } from '../../addin/secure-send/send-flow';
import type { SecureSendApi } from '../../addin/secure-send/types';
import type { EncryptionTarget } from '../../addin/secure-send/preflight';
import { encryptMessage } from '../../shared/crypto/messages';
import type { ApiTarget } from '../helpers/api';
import { lookupKeys } from '../helpers/messaging';
import type { OnboardedUser } from '../helpers/onboarding';

/** Retries every 250 ms for up to `seconds`: long enough to outlast a restart. */
export function patientRetry(seconds: number): RetryPolicy {
  return { delaysMs: Array.from({ length: Math.ceil((seconds * 1000) / 250) }, () => 250), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
}

/** The recipient as the pane sends to it, from the key directory. */
export async function recipientTarget(api: ApiTarget, sender: OnboardedUser, recipient: OnboardedUser): Promise<EncryptionTarget> {
  const [entry] = await lookupKeys(api, sender, [recipient.email]);
  if (!entry?.publicKey || !entry.fingerprint) throw new Error(`no key for ${recipient.email}`);
  return { address: recipient.email, court: false, publicKey: entry.publicKey, fingerprint: entry.fingerprint };
}

/** Encrypts a message from `sender` as the Secure send pane does; needs no server. */
export function prepareFor(sender: OnboardedUser, target: EncryptionTarget, message: { subject: string; body: string; attachment?: { name: string; data: Uint8Array } }): Promise<PreparedSend> {
  return prepareSend({
    crypto: { encryptMessage },
    keys: { accountId: sender.accountId, privateKey: sender.keys.privateKey, publicKey: sender.keys.publicKey, fingerprint: sender.keys.fingerprint },
    message: { subject: message.subject, bodyHtml: `<p>${message.body}</p>`, attachments: message.attachment ? [{ name: message.attachment.name, type: 'application/pdf', data: message.attachment.data }] : [] },
    send: { targets: [target], principalKey: null, principalAccountId: null },
    fingerprint: `${message.subject}:${target.address}`,
  });
}

/** The pane's HTTP client; `gate` runs before every request (e.g. to hold the client offline). */
export function addinHttpClient(url: string, token: string, gate: () => Promise<void> = () => Promise.resolve()): SecureSendApi {
  return createSecureSendHttpApi({
    baseUrl: url,
    accessToken: () => Promise.resolve(token),
    fetch: async (input, init) => {
      await gate();
      return fetch(input, init);
    },
  });
}

export { uploadPrepared };
