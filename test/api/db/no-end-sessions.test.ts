// The engine crashes on endSessions/killAllSessions: prove the driver in use (7.x) never sends them, nor any session id.
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient, MongoServerError, type CommandStartedEvent } from 'mongodb';
import { openDatabase, type EngineExit } from '../../../api/db/mongo';
import { makeTempDir, removeTempDir } from './helpers';

jest.setTimeout(120_000);

const API_DB_DIR = path.resolve(__dirname, '..', '..', '..', 'api', 'db');

describe('driver never ends sessions on the embedded engine', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = makeTempDir('db-sessions');
  });

  afterAll(() => removeTempDir(dataDir));

  test('the mongodb driver that api/db loads is 7.x', () => {
    // Resolved from api/db, so it is the copy mongo.ts imports.
    const manifest = require.resolve('mongodb/package.json', { paths: [API_DB_DIR] });
    const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
    expect(version).toMatch(/^7\.\d+\.\d+/);
  });

  test('open -> CRUD -> close sends no endSessions/killAllSessions and no lsid; the engine exits cleanly', async () => {
    const started: CommandStartedEvent[] = [];
    const database = await openDatabase({
      dataDir,
      clientOptions: { monitorCommands: true },
      beforeConnect: (client) => client.on('commandStarted', (event) => started.push(event)),
    });
    expect(database.client).toBeInstanceOf(MongoClient);
    const exits: EngineExit[] = [];
    database.engine!.onExit((exit) => exits.push(exit));

    const cases = database.db.collection<{ _id?: unknown; ref: string; n: number; state?: string }>('cases');
    await cases.createIndex({ ref: 1 }, { unique: true });
    await cases.insertOne({ ref: 'A-1', n: 1 }, { writeConcern: database.durable });
    await cases.insertMany([2, 3, 4, 5, 6].map((n) => ({ ref: `A-${n}`, n })));
    await expect(cases.insertOne({ ref: 'A-1', n: 7 })).rejects.toMatchObject({ code: 11000 });
    await expect(cases.insertOne({ ref: 'A-1', n: 7 })).rejects.toBeInstanceOf(MongoServerError);
    await cases.updateOne({ ref: 'A-2' }, { $set: { state: 'sent' } });
    const claimed = await cases.findOneAndUpdate({ state: { $exists: false } }, { $set: { state: 'claimed' } }, { sort: { n: 1 }, returnDocument: 'after' });
    expect(claimed).toMatchObject({ ref: 'A-1', state: 'claimed' });
    await expect(cases.countDocuments()).resolves.toBe(6);
    const [total] = await cases.aggregate<{ total: number }>([{ $group: { _id: null, total: { $sum: '$n' } } }]).toArray();
    expect(total?.total).toBe(21);
    // A cursor abandoned after its first getMore makes the driver kill it on the server.
    const cursor = cases.find({}, { batchSize: 2 });
    await cursor.next();
    await cursor.next();
    await cursor.next();
    await cursor.close();
    await cases.deleteOne({ ref: 'A-6' });

    await database.close();

    const names = started.map((event) => event.commandName);
    expect(names).toEqual(
      expect.arrayContaining(['ping', 'createIndexes', 'insert', 'update', 'findAndModify', 'aggregate', 'find', 'getMore', 'killCursors', 'delete']),
    );
    expect(names).not.toContain('endSessions');
    expect(names).not.toContain('killAllSessions');
    expect(names).not.toContain('killSessions');
    // No implicit sessions at all: the engine's hello has no logicalSessionTimeoutMinutes, which
    // is also why the driver skips endSessions on close.
    expect(started.filter((event) => 'lsid' in event.command)).toEqual([]);
    expect(exits).toEqual([{ code: 0, signal: null, expected: true }]);
  });
});
