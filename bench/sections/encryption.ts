// Figure 3, encryption throughput, on the same data with the same keys, side by side:
//   - Zegel: shared/crypto encryptMessage with one attachment of 1, 25 or 100 MB (MB = 2^20 bytes),
//     read to the end: 4 MiB chunks, each signed and AEAD-encrypted as its own OpenPGP message, the
//     plaintext and every ciphertext SHA-256-hashed, plus subject, body and manifest.
//   - raw openpgp.encrypt: the whole attachment as one OpenPGP message, signed by the same key and
//     encrypted to the same two keys (recipient and sender), uncompressed, binary.
//   - native: Node's AES-256-GCM (crypto.createCipheriv) over the same bytes, one key, no signature.
// MB/s each (median over rounds; the order within a round rotates), and the ratios Zegel/raw and
// Zegel/native. One component is timed on its own, on the same data: the running SHA-256 of the
// plaintext (shared/crypto/sha256.ts, hash-wasm, as encryptMessage uses it for the manifest's part
// hash) against Node's native SHA-256, as a share of encryptMessage's time, and against WebCrypto's
// one-shot digest of the whole attachment (crypto.subtle.digest, native in browsers too, but not
// incremental: usable only where the attachment is held whole). Keys are made as an account's are
// (createAccountKeys; v6 Curve25519).
import crypto from 'node:crypto';
import * as openpgp from 'openpgp';
import { createAccountKeys, type UnlockedAccountKeys } from '../../shared/crypto/account-keys';
import { newKdfParams, TEST_KDF_PARAMS } from '../../shared/crypto/kdf';
import { encryptMessage } from '../../shared/crypto/messages';
import { createRunningSha256 } from '../../shared/crypto/sha256';
import { Reporter } from '../lib/report';
import { MiB, median, num, ratio } from '../lib/timing';

export const SIZES_MB = [1, 25, 100] as const;
const ROUNDS: Record<number, number> = { 1: 7, 25: 3, 100: 2 };

export interface EncryptionResults {
  /** encryptMessage MB/s by size in MB. */
  zegel: Map<number, number>;
}

export async function makeKeys(): Promise<{ sender: UnlockedAccountKeys; recipient: UnlockedAccountKeys }> {
  const make = async (accountId: string) =>
    (await createAccountKeys({ accountId, password: `bench password for ${accountId}`, kdfParams: newKdfParams(TEST_KDF_PARAMS), floor: TEST_KDF_PARAMS })).unlocked;
  return { sender: await make('bench-sender-000000000000'), recipient: await make('bench-recipient-000000000') };
}

async function zegel(data: Uint8Array, keys: { sender: UnlockedAccountKeys; recipient: UnlockedAccountKeys }): Promise<number> {
  const outgoing = await encryptMessage({
    subject: 'Processtukken',
    body: 'Zie bijlage.',
    attachments: [{ name: 'dossier.pdf', type: 'application/pdf', data }],
    recipientKeys: [keys.recipient.publicKey],
    senderKey: keys.sender.publicKey,
    signingKey: keys.sender.privateKey,
  });
  let bytes = 0;
  for (const part of outgoing.parts) for await (const chunk of part.chunks) bytes += chunk.size;
  return bytes;
}

async function rawOpenpgp(data: Uint8Array, keys: { sender: UnlockedAccountKeys; recipient: UnlockedAccountKeys }): Promise<number> {
  const message = await openpgp.createMessage({ binary: data, format: 'binary' });
  // openpgp's overloads resolve to an unresolvable type here (as in shared/crypto/pgp.ts): narrow it.
  const ciphertext: unknown = await openpgp.encrypt({
    message,
    encryptionKeys: [keys.recipient.publicKey, keys.sender.publicKey],
    signingKeys: keys.sender.privateKey,
    format: 'binary',
    config: { preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed },
  });
  if (!(ciphertext instanceof Uint8Array)) throw new Error('openpgp.encrypt returned no bytes');
  return ciphertext.length;
}

function nativeAesGcm(data: Uint8Array): number {
  const cipher = crypto.createCipheriv('aes-256-gcm', crypto.randomBytes(32), crypto.randomBytes(12));
  let bytes = 0;
  for (let at = 0; at < data.length; at += 4 * MiB) bytes += cipher.update(data.subarray(at, at + 4 * MiB)).length;
  bytes += cipher.final().length + cipher.getAuthTag().length;
  return bytes;
}

async function runningSha256(data: Uint8Array): Promise<string> {
  const hasher = await createRunningSha256();
  for (let at = 0; at < data.length; at += 4 * MiB) hasher.update(data.subarray(at, at + 4 * MiB));
  return hasher.digestHex();
}

function nativeSha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** WebCrypto's one-shot digest of the whole attachment (native, but only for data held whole). */
async function webCryptoSha256(data: Uint8Array<ArrayBuffer>): Promise<string> {
  return Buffer.from(await crypto.webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function encryptionSection(): Promise<{ reporter: Reporter; results: EncryptionResults }> {
  const r = new Reporter('3 encryption');
  const keys = await makeKeys();
  const results: EncryptionResults = { zegel: new Map() };
  // Warm-up: JIT, WASM (SHA-256) and key caches.
  const warm = crypto.randomBytes(MiB);
  await zegel(warm, keys);
  await rawOpenpgp(warm, keys);
  nativeAesGcm(warm);

  for (const mb of SIZES_MB) {
    const size = mb * MiB;
    const data = new Uint8Array(size);
    for (let at = 0; at < size; at += 64 * 1024) crypto.randomFillSync(data, at, Math.min(64 * 1024, size - at));
    const times = { zegel: [] as number[], raw: [] as number[], native: [] as number[], partHash: [] as number[], nativeHash: [] as number[], webCryptoHash: [] as number[] };
    const runs: [keyof typeof times, () => Promise<unknown>][] = [
      ['zegel', () => zegel(data, keys)],
      ['raw', () => rawOpenpgp(data, keys)],
      ['native', () => Promise.resolve(nativeAesGcm(data))],
      ['partHash', () => runningSha256(data)],
      ['nativeHash', () => Promise.resolve(nativeSha256(data))],
      ['webCryptoHash', () => webCryptoSha256(data)],
    ];
    const rounds = ROUNDS[mb] ?? 1;
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < runs.length; i++) {
        const [name, step] = runs[(i + round) % runs.length]!;
        gc();
        const started = performance.now();
        await step();
        times[name].push(performance.now() - started);
      }
    }
    const rate = (ms: number[]) => mb / (median(ms) / 1000);
    const z = rate(times.zegel);
    const raw = rate(times.raw);
    const native = rate(times.native);
    results.zegel.set(mb, z);
    r.figure(`encryptMessage, ${mb} MB attachment`, `${num(z)} MB/s (${num(median(times.zegel))} ms, median of ${rounds})`, `${ratio(z, raw, true)} of raw openpgp, ${ratio(z, native, true)} of native AES-GCM`);
    r.figure(`raw openpgp.encrypt, ${mb} MB, one message`, `${num(raw)} MB/s (${num(median(times.raw))} ms)`, `${ratio(raw, native, true)} of native AES-GCM`);
    r.figure(`native AES-256-GCM, ${mb} MB`, `${num(native)} MB/s (${num(median(times.native))} ms)`, 'baseline');
    if (mb === SIZES_MB[SIZES_MB.length - 1]) {
      const hashShare = median(times.partHash) / median(times.zegel);
      r.figure(
        `part hash inside encryptMessage (hash-wasm running SHA-256), ${mb} MB`,
        `${num(rate(times.partHash))} MB/s (${num(median(times.partHash))} ms); Node's native SHA-256 ${num(rate(times.nativeHash))} MB/s`,
        `${num(hashShare * 100)} % of encryptMessage's time; ${ratio(rate(times.partHash), rate(times.nativeHash), true)} of native SHA-256`,
      );
      r.figure(
        `WebCrypto one-shot SHA-256 of the whole attachment (not incremental: only for data held whole), ${mb} MB`,
        `${num(rate(times.webCryptoHash))} MB/s (${num(median(times.webCryptoHash))} ms)`,
        `${ratio(rate(times.webCryptoHash), rate(times.partHash))} of hash-wasm's running hash; would save ${num(((median(times.partHash) - median(times.webCryptoHash)) / median(times.zegel)) * 100)} % of encryptMessage's time`,
      );
    }
  }
  return { reporter: r, results };
}
