// A connection closed by an error makes the database "away" until a round trip answers, instead of
// waiting for the driver's next heartbeat (10 s with MONGODB_URI). The test/faults file kills a real
// server mid-request for the same path; here the server stays up and must be found again at once.
import path from 'node:path';
import type { ConnectionClosedEvent } from 'mongodb';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { collectingLogger, makeTempDir, removeTempDir, waitFor } from './helpers';

jest.setTimeout(60_000);

let dir: string;
let engine: Database | undefined;
let database: Database | undefined;

beforeAll(async () => {
  dir = makeTempDir('db-connection-errors');
  engine = await openDatabase({ dataDir: path.join(dir, 'engine') });
});

afterEach(async () => {
  await database?.close();
  database = undefined;
});

afterAll(async () => {
  await engine?.close();
  removeTempDir(dir);
});

/**
 * What the driver's pool emits when a connection's socket fails (e.g. a write meeting EPIPE).
 * Emitted by hand because a live server cannot be made to break one socket on cue; only the
 * event's reason is read by the code under test.
 */
function connectionClosed(target: Database, reason: string): void {
  const event = { reason, address: 'engine', connectionId: 1, serviceId: undefined } as unknown as ConnectionClosedEvent;
  (target.client as unknown as { emit(name: string, payload: unknown): boolean }).emit('connectionClosed', event);
}

it('a connection closed by an error: away at once, found again by its own round trip with no request', async () => {
  const logger = collectingLogger();
  database = await openDatabase({ uri: engine!.engine!.uri, dataDir: dir, logger });
  expect(database.isAvailable()).toBe(true);

  connectionClosed(database, 'error');
  expect(database.isAvailable()).toBe(false);
  // The server is fine: the immediate ping restores it long before a heartbeat would.
  await waitFor(() => database!.isAvailable(), 3_000);
  expect(logger.lines.join('\n')).toMatch(/MongoDB server unreachable[\s\S]*MongoDB server reachable/);
  await expect(database.db.collection('letters').insertOne({ at: 'after' })).resolves.toBeTruthy();
});

it("the driver's later events, still showing the server up, do not end the suspicion; only an answered round trip does", async () => {
  database = await openDatabase({ uri: engine!.engine!.uri, dataDir: dir });
  // The driver's own description at this moment: a writable standalone server.
  const description = (database.client as unknown as { topology: { description: unknown } }).topology.description;
  connectionClosed(database, 'error');
  (database.client as unknown as { emit(name: string, payload: unknown): boolean }).emit('topologyDescriptionChanged', { previousDescription: description, newDescription: description });
  expect(database.isAvailable()).toBe(false);
  await waitFor(() => database!.isAvailable(), 3_000);
});

it('connections closed for ordinary reasons (idle, stale, pool closed) change nothing', async () => {
  database = await openDatabase({ uri: engine!.engine!.uri, dataDir: dir });
  for (const reason of ['idle', 'stale', 'poolClosed']) {
    connectionClosed(database, reason);
    expect(database.isAvailable()).toBe(true);
  }
});
