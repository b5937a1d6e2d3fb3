// The database SIGKILLed under traffic while the API (as `npm start` runs it) keeps running: meanwhile
// requests that need the database get 503 with Retry-After, never a 500 and never a hang; the API
// recovers by itself once the database is back; and senders retrying through the add-in's own client
// end with every message stored exactly once. The database here is the API's own supervised embedded
// engine, crashing three times in a row (the supervisor restarts it with growing pauses). With
// MONGODB_URI, the last test shows that the API looks for a server that went away by itself.
import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase, type Database } from '../../api/db/mongo';
import { MESSAGES_COLLECTION } from '../../api/messages/repository';
import { request, bearer } from '../helpers/api';
import { onboard, type OnboardedUser } from '../helpers/onboarding';
import { makeTempDir, processGone, removeTempDir, waitFor } from '../api/db/helpers';
import { freePort, startApiProcess, type ApiProcess } from './api-process';
import { addinHttpClient, patientRetry, prepareFor, recipientTarget, uploadPrepared } from './addin-client';

jest.setTimeout(300_000);

const clock = { now: () => new Date(), advance: () => undefined };
const SENDERS = 3;
/** Each sender keeps sending until the API has recovered: at least MIN and at most MAX messages. */
const MIN_PER_SENDER = 3;
const MAX_PER_SENDER = 40;
/** A request still unanswered after this long counts as hanging. */
const HANG_MS = 15_000;

let dir: string;
let api: ApiProcess | undefined;
let ownEngine: Database | undefined;

beforeEach(() => {
  dir = makeTempDir('fault-db-kill');
});
afterEach(async () => {
  await api?.stop();
  api = undefined;
  await ownEngine?.close();
  ownEngine = undefined;
  removeTempDir(dir);
});

interface Observation {
  path: string;
  status: number | 'hung' | 'no-answer';
  retryAfter: string | null;
  code: string | null;
  at: number;
}

async function observe(url: string, p: string, token: string | null): Promise<Observation> {
  const at = Date.now();
  try {
    const res = await fetch(`${url}${p}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(HANG_MS) });
    const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    return { path: p, status: res.status, retryAfter: res.headers.get('retry-after'), code: body?.error?.code ?? null, at };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { path: p, status: error instanceof Error && error.name === 'TimeoutError' ? 'hung' : 'no-answer', retryAfter: null, code: cause?.code ?? cause?.message ?? String(error), at };
  }
}

/**
 * Onboards a recipient and three senders, starts the traffic, calls `outage` once a first message is
 * committed, waits until the API answers 200 again after a 503, then checks what the issue promises.
 * Returns the messages sent, for the caller to count in storage.
 */
async function underTraffic(running: ApiProcess, outage: () => Promise<void>): Promise<{ messageId: string; idempotencyKey: string }[]> {
  const bob: OnboardedUser = await onboard(running.target, { email: 'griffie.test@kantoor-b.nl', clock });
  const senders: OnboardedUser[] = [];
  for (let i = 0; i < SENDERS; i++) senders.push(await onboard(running.target, { email: `advocaat${i}@kantoor-a.nl`, clock }));
  const bobToken = await bob.token();

  // Every sender sends one message after the other with the add-in's client (which retries after
  // network errors, 5xx and 503 with Retry-After); the recipient's inbox and /readyz are polled.
  const tokens = await Promise.all(senders.map((s) => s.token()));
  const targets = await Promise.all(senders.map((s) => recipientTarget(running.target, s, bob)));
  let committed = 0;
  let recovered = false;
  const sending = Promise.all(
    senders.map(async (sender, i) => {
      const client = addinHttpClient(running.url, tokens[i]!);
      const results: { messageId: string; idempotencyKey: string }[] = [];
      for (let n = 0; n < MAX_PER_SENDER && (n < MIN_PER_SENDER || !recovered); n++) {
        const attachment = { name: `stuk-${n}.pdf`, data: new Uint8Array(crypto.randomBytes(600 * 1024)) };
        const prepared = await prepareFor(sender, targets[i]!, { subject: `Processtuk ${i}-${n}`, body: 'Zie bijlage.', attachment });
        const { messageId } = await uploadPrepared({ api: client, prepared, retry: patientRetry(60) });
        committed += 1;
        results.push({ messageId, idempotencyKey: prepared.idempotencyKey });
      }
      return results;
    }),
  );

  const observations: Observation[] = [];
  let polling = true;
  const pollers = ['/api/messages?box=inbox&limit=200', '/readyz'].map(async (p) => {
    while (polling) {
      observations.push(await observe(running.url, p, p.startsWith('/api/') ? bobToken : null));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  let sent: { messageId: string; idempotencyKey: string }[][];
  let downAt = 0;
  try {
    await waitFor(() => committed > 0, 120_000, 20);
    downAt = Date.now();
    await outage();
    // Recovered: an API request answered 200 after a 503 (from the API or /readyz) in the outage.
    await waitFor(() => observations.some((o) => o.at > downAt && o.path.startsWith('/api/') && o.status === 200 && observations.some((d) => d.at > downAt && d.at < o.at && d.status === 503)), 60_000, 50);
    recovered = true;
    sent = await sending;
  } finally {
    recovered = true;
    polling = false;
    await Promise.all(pollers);
    await sending.catch(() => undefined);
  }

  // Meanwhile: only 200 or 503 (with Retry-After and the stable code), no 500, nothing left hanging,
  // and nothing the API did not expect in its log.
  const unhandled = running.output().split('\n').filter((line) => line.includes('"msg":"unhandled error"')).map((line) => line.slice(0, 600));
  const odd = observations.filter((o) => o.status !== 200 && o.status !== 503).map((o) => ({ ...o, at: o.at - downAt }));
  expect({ statuses: new Set(observations.map((o) => o.status)), odd, unhandled }).toEqual({ statuses: new Set([200, 503]), odd: [], unhandled: [] });
  const unavailable = observations.filter((o) => o.status === 503);
  for (const o of unavailable) {
    expect(o.retryAfter).toMatch(/^[1-9]\d*$/);
    if (o.path.startsWith('/api/')) expect(o.code).toBe('SERVICE_UNAVAILABLE');
  }
  // Recovered without restarting the API: the same process answers 200 after the last 503.
  const lastDown = Math.max(...unavailable.map((o) => o.at));
  expect(observations.some((o) => o.at > lastDown && o.status === 200 && o.path === '/readyz')).toBe(true);
  expect(running.child.exitCode).toBeNull();
  expect((await fetch(`${running.url}/readyz`)).status).toBe(200);

  // Every message arrived, once, in the recipient's inbox.
  const all = sent.flat();
  expect(all.length).toBeGreaterThanOrEqual(SENDERS * MIN_PER_SENDER);
  const inbox = await request(running.url).get('/api/messages?box=inbox&limit=200').set(...bearer(await bob.token()));
  expect((inbox.body.messages as { messageId: string }[]).map((m) => m.messageId).sort()).toEqual(all.map((m) => m.messageId).sort());
  return all;
}

/** One committed document per send: no duplicate from a retried create, nothing left uploading. */
async function expectStoredOnce(database: Database, sent: { messageId: string; idempotencyKey: string }[]): Promise<void> {
  const stored = await database.db.collection(MESSAGES_COLLECTION).find({}, { projection: { senderAccountId: 1, idempotencyKey: 1, status: 1 } }).toArray();
  expect(stored.map((m) => String(m._id)).sort()).toEqual(sent.map((m) => m.messageId).sort());
  expect(stored.every((m) => m.status === 'committed')).toBe(true);
  expect(new Set(stored.map((m) => `${String(m.senderAccountId)}:${String(m.idempotencyKey)}`)).size).toBe(sent.length);
}

/** The engine's current pid, from the API's log ("… ready in N ms (pid P)" / "restarted in N ms (pid P)"). */
function enginePid(output: string): number | undefined {
  const last = [...output.matchAll(/Embedded MongoDB engine (?:ready|restarted) in \d+ ms \(pid (\d+)\)/g)].at(-1)?.[1];
  return last ? Number(last) : undefined;
}

it('the embedded engine crashing three times in a row: 503 meanwhile, back without an API restart, every message once', async () => {
  api = await startApiProcess({ dataDir: dir, port: await freePort() });
  const running = api;
  const sent = await underTraffic(running, async () => {
    // The supervisor waits 200, 400, then 800 ms before the restarts: together a noticeable outage.
    for (let crash = 0; crash < 3; crash++) {
      const pid = enginePid(running.output());
      if (!pid) throw new Error(`no engine pid in the API's log: ${running.output().slice(-2000)}`);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => processGone(pid), 10_000);
      await waitFor(() => (enginePid(running.output()) ?? pid) !== pid, 60_000, 20);
    }
  });
  await running.stop();
  api = undefined;
  const database = await openDatabase({ dataDir: path.join(dir, 'db') });
  try {
    await expectStoredOnce(database, sent);
  } finally {
    await database.close();
  }
});

it('notices a MONGODB_URI server that came back without a request asking for it', async () => {
  // Away for longer than the failing request below waits (two server selections of 5 s at most).
  ownEngine = await openDatabase({ dataDir: path.join(dir, 'engine'), supervisor: { initialBackoffMs: 12_000 } });
  const database = await openDatabase({ uri: ownEngine.engine!.uri, dataDir: dir });
  try {
    // whenReady() is true at once for a running engine: wait for the exit to be seen first.
    const exited = new Promise<void>((resolve) => ownEngine!.engine!.onExit(() => resolve()));
    ownEngine.engine!.kill();
    // One request meets the dead server (as the first requests of an outage do); none follow.
    // It may fail with the driver's network error or, mid-write, with a bare EPIPE.
    await expect(database.db.collection('letters').findOne({})).rejects.toThrow();
    expect(database.isAvailable()).toBe(false);
    await exited;
    await ownEngine.engine!.whenReady(30_000);
    // The driver's own heartbeat with a URI comes every 10 s; the API looks every second.
    await waitFor(() => database.isAvailable(), 5_000);
  } finally {
    await database.close();
  }
});
