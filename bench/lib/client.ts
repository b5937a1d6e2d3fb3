// The Secure send client for the bench, over fetch as the web app does: directory lookup, encryption
// in the client (shared/crypto encryptMessage), create → PUT each chunk → commit, then the receipt
// verified against the server's JWKS and checked against what was uploaded. Unlike
// test/helpers/messaging.ts (which gathers every chunk before uploading), each chunk is uploaded as
// soon as it is made and then dropped, so a 1 GB message never sits in the client's memory either.
import crypto from 'node:crypto';
import type { OnboardedUser } from '../../test/helpers/onboarding';
import { encryptMessage } from '../../shared/crypto/messages';
import { checkReceiptMatchesUpload, verifyReceipt, type ReceiptJwk } from '../../shared/crypto/receipt';
import { MiB } from './timing';

/** Plaintext made lazily, 1 MiB at a time (as the large-upload test does), so nobody holds it whole. */
export function lazyData(size: number): ReadableStream<Uint8Array> {
  let produced = 0;
  return new ReadableStream({
    pull(controller) {
      if (produced >= size) {
        controller.close();
        return;
      }
      const piece = new Uint8Array(Math.min(MiB, size - produced)).fill(produced % 251);
      produced += piece.length;
      controller.enqueue(piece);
    },
  });
}

async function call<T>(url: string, init: RequestInit & { token?: string; json?: unknown }, expected: number[]): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (body !== undefined) headers['Content-Type'] = 'application/octet-stream';
  const res = await fetch(url, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface SendResult {
  messageId: string;
  /** Ciphertext bytes uploaded. */
  uploaded: number;
  chunks: number;
  /**
   * ms per phase: lookup + encryption and upload (interleaved, chunk by chunk), commit, receipt
   * check; and, within the first, the time spent making chunks (encryptMessage) and sending them (PUT).
   */
  phases: { encryptUpload: number; commit: number; receipt: number; encrypting: number; putting: number };
}

/** Sends one message with one attachment of `size` bytes, made lazily, and checks the receipt. */
export async function sendStreaming(base: string, issuer: string, user: OnboardedUser, options: { to: string[]; subject: string; body: string; size: number }): Promise<SendResult> {
  const t0 = performance.now();
  let token = await user.token();
  let tokenAt = Date.now();
  const fresh = async () => {
    // Access tokens live five minutes; refresh well before.
    if (Date.now() - tokenAt > 120_000) {
      token = await user.token();
      tokenAt = Date.now();
    }
    return token;
  };
  const lookup = await call<{ entries: { address: string; publicKey?: string }[] }>(`${base}/api/directory/lookup`, { method: 'POST', token, json: { addresses: options.to } }, [200]);
  const recipientKeys = lookup.entries.map((e) => {
    if (!e.publicKey) throw new Error(`no key for ${e.address}`);
    return e.publicKey;
  });
  const outgoing = await encryptMessage({
    subject: options.subject,
    body: options.body,
    attachments: options.size > 0 ? [{ name: 'dossier.bin', data: lazyData(options.size), size: options.size }] : [],
    recipientKeys,
    senderKey: user.keys.publicKey,
    signingKey: user.keys.privateKey,
  });
  const created = await call<{ messageId: string }>(
    `${base}/api/messages`,
    { method: 'POST', token: await fresh(), json: { idempotencyKey: crypto.randomBytes(18).toString('base64url'), recipients: options.to.map((address) => ({ address })), parts: outgoing.layout } },
    [201],
  );
  const { messageId } = created;
  let uploaded = 0;
  let chunks = 0;
  let encrypting = 0;
  let putting = 0;
  for (const part of outgoing.parts) {
    const iterator = part.chunks[Symbol.asyncIterator]();
    for (;;) {
      const made = performance.now();
      const next = await iterator.next();
      encrypting += performance.now() - made;
      if (next.done) break;
      const chunk = next.value;
      const put = performance.now();
      await call(`${base}/api/messages/${messageId}/parts/${chunk.partId}/chunks/${chunk.index}`, { method: 'PUT', token: await fresh(), body: chunk.ciphertext as Uint8Array<ArrayBuffer> }, [200]);
      putting += performance.now() - put;
      uploaded += chunk.size;
      chunks += 1;
    }
  }
  const t1 = performance.now();
  const committed = await call<{ receipt: string }>(`${base}/api/messages/${messageId}/commit`, { method: 'POST', token: await fresh() }, [200]);
  const t2 = performance.now();
  const jwks = await call<{ keys: ReceiptJwk[] }>(`${base}/api/receipts/jwks.json`, {}, [200]);
  const payload = await verifyReceipt({ jws: committed.receipt, jwks, issuer });
  const summary = outgoing.summary();
  const verdict = checkReceiptMatchesUpload({ receipt: payload, sent: { manifestHash: summary.manifestHash, chunks: summary.chunks } });
  if (!verdict.ok) throw new Error(`the receipt does not match the upload: ${verdict.problems.join('; ')}`);
  const t3 = performance.now();
  return { messageId, uploaded, chunks, phases: { encryptUpload: t1 - t0, commit: t2 - t1, receipt: t3 - t2, encrypting, putting } };
}
