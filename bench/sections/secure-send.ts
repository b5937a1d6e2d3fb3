// Figure 4, end-to-end Secure send against the local API (a child process on the embedded engine, as
// test/api/messages/large-upload.test.ts runs it): lookup, encrypt, create, upload chunk by chunk,
// commit, and the receipt verified and checked, for one attachment of 1, 25 and 100 MB and of 1 GB
// (MB = 2^20 bytes; the web-app path: the chunked client with a lazily generated stream, bench/lib/client.ts).
//   - MB/s per size, and the ratio to encryptMessage's MB/s from figure 3 (the 1 GB send is compared
//     with the 100 MB figure): how much the upload, the server and the commit cost on top of encryption.
//   - The API process's peak RSS growth during each send, sampled from /proc every 20 ms, over its
//     RSS just before that send, and the peak over the RSS after warm-up. It must stay flat as the size
//     grows (the server holds about a chunk at a time); the last line compares 1 GB with 100 MB.
//   - Where a PUT's time goes: the median PUT of a 4 MiB chunk in the 1 GB send, next to storing one
//     4 MiB chunk on a fresh embedded engine as the repository does, and the variants of
//     lib/storage-probe.ts (GridFS chunk size, journal, one document, reading back).
import { onboard, type OnboardedUser } from '../../test/helpers/onboarding';
import { sendSecure } from '../../test/helpers/messaging';
import { Reporter } from '../lib/report';
import { startApiServer, type ApiServer } from '../lib/api-server';
import { sendStreaming, type SendResult } from '../lib/client';
import { rssKiB, sampleRss } from '../lib/processes';
import { probeChunkStorage } from '../lib/storage-probe';
import { MiB, num, ratio } from '../lib/timing';
import type { EncryptionResults } from './encryption';

const SIZES_MB = [1, 25, 100, 1024] as const;

/** A running API with two onboarded users, shared with the API figures. */
export interface SecureSendContext {
  server: ApiServer;
  sender: OnboardedUser;
  reader: OnboardedUser;
  close(): Promise<void>;
}

const clock = { now: () => new Date(), advance: () => undefined };

export async function startContext(r: Reporter): Promise<SecureSendContext> {
  r.progress('starting the API (node --import tsx api/main.ts, embedded engine)…');
  const server = await startApiServer();
  try {
    const sender = await onboard(server.target, { email: 'verzender@kantoor.nl', clock });
    const reader = await onboard(server.target, { email: 'ontvanger@kantoor.nl', clock });
    return { server, sender, reader, close: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function secureSendSection(options: { encryption: EncryptionResults | undefined; keepServer: boolean }): Promise<{ reporter: Reporter; context: SecureSendContext | undefined }> {
  const r = new Reporter('4 secure send');
  const context = await startContext(r);
  try {
    const { server, sender, reader } = context;
    // Warm up: a small message through the same client and one through the test helper, so the
    // baseline includes everything a send loads.
    await sendStreaming(server.url, server.issuer, sender, { to: [reader.email], subject: 'warm', body: 'up', size: 64 * 1024 });
    const sent = await sendSecure(server.target, sender, { to: [reader.email], subject: 'warm', body: 'up' });
    if (sent.commit?.status !== 200) throw new Error('the warm-up send failed');
    const warmBaseline = rssKiB(server.pid);
    r.note(`API RSS after warm-up: ${num(warmBaseline / 1024)} MiB`);
    const growth = new Map<number, number>();
    let perPut = Number.NaN;
    for (const mb of SIZES_MB) {
      const before = rssKiB(server.pid);
      const sampler = sampleRss(server.pid);
      const started = performance.now();
      let peak = before;
      let result: SendResult;
      try {
        result = await sendStreaming(server.url, server.issuer, sender, { to: [reader.email], subject: `Dossier ${mb} MB`, body: 'Processtukken', size: mb * MiB });
      } finally {
        peak = sampler.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      const rate = mb / seconds;
      const { encryptUpload, commit, receipt, encrypting, putting } = result.phases;
      const label = mb >= 1024 ? `${mb / 1024} GB` : `${mb} MB`;
      if (mb === 1024) perPut = putting / result.chunks;
      const encryptRate = options.encryption?.zegel.get(Math.min(mb, 100));
      r.figure(
        `Secure send end to end, ${label}`,
        `${num(rate)} MB/s (${num(seconds)} s: encrypt+upload ${num(encryptUpload / 1000)} s (making chunks ${num(encrypting / 1000)} s, PUTs ${num(putting / 1000)} s), commit ${num(commit)} ms, receipt ${num(receipt)} ms; ${result.chunks} chunks)`,
        encryptRate ? `${ratio(rate, encryptRate, true)} of encryptMessage alone (figure 3, ${Math.min(mb, 100)} MB)` : 'figure 3 not run',
      );
      const grew = (peak - before) / 1024;
      growth.set(mb, grew);
      r.figure(
        `API peak RSS growth, ${label}`,
        `+${num(grew)} MiB over ${num(before / 1024)} MiB before the send; peak ${num(peak / 1024)} MiB (+${num((peak - warmBaseline) / 1024)} MiB over warm-up)`,
        `${ratio(grew, mb, true)} of the message size`,
      );
    }
    const g100 = growth.get(100) ?? 0;
    const g1024 = growth.get(1024) ?? 0;
    r.figure('API RSS growth, 1 GB vs 100 MB', `+${num(g1024)} MiB vs +${num(g100)} MiB for 10.24× the data`, g1024 <= g100 + 64 ? `flat (difference ${num(g1024 - g100)} MiB)` : `NOT flat (difference ${num(g1024 - g100)} MiB)`);

    r.progress('storing 4 MiB chunks on a fresh embedded engine (where a PUT goes)…');
    const storage = await probeChunkStorage(6);
    r.figure('PUT of a 4 MiB chunk (1 GB send, mean), over HTTP to the API', `${num(perPut)} ms`, 'baseline');
    r.figure(
      'storing a 4 MiB chunk as the repository does (GridFS 255 KiB chunks + record, journalled), fresh engine',
      `${num(storage.repository)} ms (median of 6); a tiny journalled insert ${num(storage.tinyDurableWrite)} ms`,
      `${ratio(storage.repository, perPut)} of a PUT`,
    );
    r.figure(
      'the same chunk: GridFS with 4 MiB GridFS chunks (journalled) / without waiting for the journal (reference only) / as one document',
      `${num(storage.gridfsLargeChunks)} ms / ${num(storage.gridfsUnjournalled)} ms / ${num(storage.oneDocument)} ms`,
      `${ratio(storage.gridfsLargeChunks, storage.repository)} / ${ratio(storage.gridfsUnjournalled, storage.repository)} / ${ratio(storage.oneDocument, storage.repository)} of the repository's way`,
    );
    r.figure('reading a 4 MiB chunk back (repository.readChunk)', `${num(storage.readBack)} ms`, `${ratio(storage.readBack, storage.repository)} of storing it`);
    if (!options.keepServer) {
      await context.close();
      return { reporter: r, context: undefined };
    }
    return { reporter: r, context };
  } catch (error) {
    await context.close();
    throw error;
  }
}
