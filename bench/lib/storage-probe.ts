// Where a chunk PUT's time goes on the embedded engine: one 4 MiB chunk of ciphertext-like (random)
// bytes stored the ways below, on a fresh engine in a temporary folder (the same engine package and
// launcher as the API's, started from this process), rounds interleaved, medians:
//   - as the API stores it: messagesRepository().writeChunkFile (an existence check, then a GridFS
//     file of 255 KiB chunks, every write journalled), then recordChunk (journalled);
//   - the same GridFS file with 4 MiB + 64 KiB GridFS chunks (one document per chunk), journalled;
//   - the same GridFS file written without waiting for the journal (w: 1): a reference for what the
//     journal costs, not a way to store committed data;
//   - one 4 MiB document, journalled; the chunk read back through the repository; and a tiny
//     journalled insert (the fixed cost of one durable write).
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { GridFSBucket, type Db, type WriteConcernSettings } from 'mongodb';
import { openDatabase } from '../../api/db/mongo';
import { messagesRepository, type MessageDocument } from '../../api/messages/repository';
import { median, MiB } from './timing';

export interface StorageTimes {
  /** writeChunkFile + recordChunk, as a PUT does. */
  repository: number;
  gridfsLargeChunks: number;
  gridfsUnjournalled: number;
  oneDocument: number;
  readBack: number;
  tinyDurableWrite: number;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function uploadFile(db: Db, options: { bucket: string; writeConcern: Readonly<WriteConcernSettings>; chunkSizeBytes?: number }, id: string, data: Buffer): Promise<void> {
  const bucket = new GridFSBucket(db, { bucketName: options.bucket, writeConcern: options.writeConcern, ...(options.chunkSizeBytes ? { chunkSizeBytes: options.chunkSizeBytes } : {}) });
  return new Promise<void>((resolve, reject) => {
    const upload = bucket.openUploadStreamWithId(id as never, id);
    upload.once('finish', () => resolve());
    upload.once('error', reject);
    upload.end(data);
  });
}

async function drain(stream: NodeJS.ReadableStream): Promise<number> {
  let bytes = 0;
  for await (const piece of stream) bytes += (piece as Buffer).length;
  return bytes;
}

export async function probeChunkStorage(rounds: number): Promise<StorageTimes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-bench-storage-'));
  const database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  try {
    const { db, durable } = database;
    const repository = messagesRepository(db, durable);
    await repository.ensureIndexes();
    const messageId = 'bench-storage';
    const message: MessageDocument = {
      _id: messageId,
      senderAccountId: 'bench',
      principalAccountId: 'bench',
      idempotencyKey: messageId,
      requestHash: '',
      status: 'uploading',
      createdAt: new Date(),
      committedAt: null,
      recalledAt: null,
      threadId: messageId,
      inReplyTo: null,
      toCourt: false,
      principalNumber: null,
      recipients: [],
      parts: [{ partId: 'p', role: 'attachment', chunkCount: rounds + 1 }],
      chunks: [],
      receipt: null,
    };
    await repository.insertOrFind(message);
    const data = crypto.randomBytes(4 * MiB);
    const sha256 = crypto.createHash('sha256').update(data).digest('hex');
    const times: Record<keyof StorageTimes, number[]> = { repository: [], gridfsLargeChunks: [], gridfsUnjournalled: [], oneDocument: [], readBack: [], tinyDurableWrite: [] };
    const steps: [keyof StorageTimes, (round: number) => Promise<unknown>][] = [
      [
        'repository',
        async (round) => {
          const chunk = { partId: 'p', index: round, sha256, size: data.length };
          await repository.writeChunkFile(messageId, chunk, data);
          await repository.recordChunk(messageId, chunk);
        },
      ],
      ['gridfsLargeChunks', (round) => uploadFile(db, { bucket: 'probe_large', writeConcern: durable, chunkSizeBytes: 4 * MiB + 64 * 1024 }, `f${round}`, data)],
      ['gridfsUnjournalled', (round) => uploadFile(db, { bucket: 'probe_unjournalled', writeConcern: { w: 1 } }, `f${round}`, data)],
      ['oneDocument', () => db.collection('probe_documents').insertOne({ data }, { writeConcern: durable })],
      ['readBack', (round) => drain(repository.readChunk(messageId, 'p', Math.max(0, round - 1)))],
      ['tinyDurableWrite', (round) => db.collection('probe_tiny').insertOne({ round }, { writeConcern: durable })],
    ];
    // Round 0 warms up (and stores the chunk round 1 reads back); it is not counted.
    for (let round = 0; round <= rounds; round++) {
      for (let i = 0; i < steps.length; i++) {
        const [name, step] = steps[(i + round) % steps.length]!;
        if (name === 'readBack' && round === 0) continue;
        const started = performance.now();
        await step(round);
        if (round > 0) times[name].push(performance.now() - started);
      }
    }
    return {
      repository: median(times.repository),
      gridfsLargeChunks: median(times.gridfsLargeChunks),
      gridfsUnjournalled: median(times.gridfsUnjournalled),
      oneDocument: median(times.oneDocument),
      readBack: median(times.readBack),
      tinyDurableWrite: median(times.tinyDurableWrite),
    };
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
