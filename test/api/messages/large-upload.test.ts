// A 200 MB attachment through the real server process (as `npm start` runs it, on the embedded
// engine): the API holds at most a chunk or two at a time, so its memory stays bounded. The figure is
// printed; the assertion is deliberately generous (timing and memory on a shared machine vary).
// The 1 GB case lives in `npm run bench`.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { onboard, type OnboardedUser } from '../../helpers/onboarding';
import { sendSecure, readSecure } from '../../helpers/messaging';
import { makeTempDir, removeTempDir, waitFor } from '../db/helpers';
import type { ApiTarget } from '../../helpers/api';
import type { OutboxMessage } from '../../../api/mail/outbox';

jest.setTimeout(600_000);
const root = path.resolve(__dirname, '../../..');
const SIZE = 200 * 1024 * 1024;

let dir: string;
let child: ChildProcess;
let target: ApiTarget;
const clock = { now: () => new Date(), advance: () => undefined };

function rssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Plaintext made lazily, 1 MiB at a time, so the test process never holds 200 MB either. */
function lazyData(size: number): ReadableStream<Uint8Array> {
  let produced = 0;
  return new ReadableStream({
    pull(controller) {
      if (produced >= size) {
        controller.close();
        return;
      }
      const piece = new Uint8Array(Math.min(1024 * 1024, size - produced)).fill(produced % 251);
      produced += piece.length;
      controller.enqueue(piece);
    },
  });
}

beforeAll(async () => {
  dir = makeTempDir('large');
  child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'api/main.ts')], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', ARGON2_PROFILE: 'test', LOG_LEVEL: 'info', PORT: '0', HTTPS: 'off', DATA_DIR: dir, MONGODB_URI: '', PUBLIC_BASE_URL: 'http://localhost' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  await waitFor(() => output.includes('"msg":"listening"'), 60_000, 50);
  const url = /"url":"([^"]+)"/.exec(output)?.[1] ?? '';
  const outbox = path.join(dir, 'outbox');
  target = {
    app: url,
    mailTo(address) {
      const files = fs.existsSync(outbox) ? fs.readdirSync(outbox).filter((f) => f.endsWith('.json')).sort() : [];
      return Promise.resolve(files.map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as OutboxMessage).filter((m) => m.to === address));
    },
  };
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  removeTempDir(dir);
});

it('uploads a 200 MB message with the API’s memory growth bounded', async () => {
  const sender: OnboardedUser = await onboard(target, { email: 'groot@kantoor.nl', clock });
  const reader: OnboardedUser = await onboard(target, { email: 'ontvanger@kantoor.nl', clock });
  // Warm up: one small message, so the baseline includes everything a send loads.
  await sendSecure(target, sender, { to: [reader.email], subject: 'warm', body: 'up' });
  const pid = child.pid!;
  const baseline = rssKiB(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssKiB(pid));
  }, 50);
  let sent;
  try {
    sent = await sendSecure(target, sender, { to: [reader.email], subject: 'Groot dossier', body: 'Processtukken', attachments: [{ name: 'dossier.bin', data: lazyData(SIZE), size: SIZE }] });
  } finally {
    clearInterval(sampler);
  }
  expect(sent.commit?.status).toBe(200);
  const growthMiB = (peak - baseline) / 1024;
  process.stdout.write(`API memory for a 200 MB upload: baseline ${(baseline / 1024).toFixed(0)} MiB, peak ${(peak / 1024).toFixed(0)} MiB, growth ${growthMiB.toFixed(0)} MiB\n`);
  expect(growthMiB).toBeLessThan(160);
  // The reader gets the same size back (streamed chunk by chunk).
  const { opened } = await readSecure(target, reader, sent.messageId!, [reader.keys.privateKey], [sender.keys.publicKey]);
  let total = 0;
  for await (const piece of opened.readPart(opened.attachments[0]!.partId)) total += piece.byteLength;
  expect(total).toBe(SIZE);
});
