// Durable writes through the database module survive engine restarts and a fresh module on the same data folder.
import type { CommandStartedEvent } from 'mongodb';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { collectingLogger, makeTempDir, processGone, removeTempDir, waitFor } from './helpers';

jest.setTimeout(120_000);

interface Letter {
  _id: string;
  subject: string;
  sealed: boolean;
}

describe('embedded engine persistence', () => {
  let dataDir: string;
  let database: Database | undefined;

  beforeAll(() => {
    dataDir = makeTempDir('db-persistence');
  });

  afterAll(async () => {
    await database?.close();
    removeTempDir(dataDir);
  });

  test('durable writes are journaled and read back after a graceful engine restart', async () => {
    const logger = collectingLogger();
    const writeConcerns: unknown[] = [];
    database = await openDatabase({
      dataDir,
      logger,
      clientOptions: { monitorCommands: true },
      beforeConnect: (client) => {
        client.on('commandStarted', (event: CommandStartedEvent) => {
          if (event.commandName === 'insert' || event.commandName === 'update') {
            writeConcerns.push(event.command.writeConcern);
          }
        });
      },
    });
    expect(database.kind).toBe('embedded');
    expect(database.isAvailable()).toBe(true);
    expect(database.durable).toEqual({ w: 1, journal: true });

    const letters = database.db.collection<Letter>('letters');
    await letters.insertOne({ _id: 'letter-1', subject: 'Dagvaarding', sealed: false }, { writeConcern: database.durable });
    await letters.updateOne({ _id: 'letter-1' }, { $set: { sealed: true } }, { writeConcern: database.durable });
    // What the engine receives: j: true is what made writes survive kill -9.
    expect(writeConcerns).toEqual([
      { w: 1, j: true },
      { w: 1, j: true },
    ]);

    const engine = database.engine!;
    const firstPid = engine.pid!;
    const socketPath = engine.socketPath;
    const exits: unknown[] = [];
    engine.onExit((exit) => exits.push(exit));

    await engine.restart();

    expect(exits).toEqual([{ code: 0, signal: null, expected: true }]);
    expect(processGone(firstPid)).toBe(true);
    expect(engine.pid).not.toBe(firstPid);
    expect(engine.socketPath).toBe(socketPath);
    expect(engine.restarts).toBe(1);
    await waitFor(() => database!.isAvailable(), 10_000);
    // The same Db object, created before the restart, reads the data back.
    await expect(letters.findOne({ _id: 'letter-1' })).resolves.toEqual({
      _id: 'letter-1',
      subject: 'Dagvaarding',
      sealed: true,
    });
    expect(logger.lines.join('\n')).not.toMatch(/unexpectedly/);
  });

  test('closing the module stops the engine; a new module on the same folder sees the data', async () => {
    const engine = database!.engine!;
    const pid = engine.pid!;
    await database!.close();
    expect(database!.isAvailable()).toBe(false);
    expect(engine.state).toBe('stopped');
    expect(processGone(pid)).toBe(true);
    await database!.close(); // idempotent

    database = await openDatabase({ dataDir });
    const letters = database.db.collection<Letter>('letters');
    await expect(letters.find().toArray()).resolves.toEqual([
      { _id: 'letter-1', subject: 'Dagvaarding', sealed: true },
    ]);
  });
});
