// A killed engine makes the module unavailable at once; the supervisor restarts it and the same module object works again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { openDatabase, type Database, type EngineExit } from '../../../api/db/mongo';
import { collectingLogger, makeTempDir, processGone, removeTempDir, waitFor } from './helpers';

jest.setTimeout(120_000);

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

describe('embedded engine crash recovery', () => {
  let dataDir: string;
  let database: Database | undefined;

  beforeEach(() => {
    dataDir = makeTempDir('db-recovery');
  });

  afterEach(async () => {
    await database?.close();
    database = undefined;
    removeTempDir(dataDir);
  });

  test('SIGKILL: unavailable at once, back after the supervisor restart, durable data intact', async () => {
    const logger = collectingLogger();
    database = await openDatabase({ dataDir, logger });
    const engine = database.engine!;
    const letters = database.db.collection<{ _id: string }>('letters');
    await letters.insertOne({ _id: 'before-crash' }, { writeConcern: database.durable });

    const exits: EngineExit[] = [];
    engine.onExit((exit) => exits.push(exit));
    const crashedPid = engine.pid!;
    const socketPath = engine.socketPath;
    expect(database.isAvailable()).toBe(true);

    engine.kill();
    const noticedAfterMs = await waitFor(() => !database!.isAvailable(), 2_000, 1);
    expect(noticedAfterMs).toBeLessThan(1_000);
    expect(exits).toEqual([{ code: null, signal: 'SIGKILL', expected: false }]);

    const recoveredAfterMs = await waitFor(() => database!.isAvailable(), 15_000);
    expect(recoveredAfterMs).toBeGreaterThan(0);
    expect(engine.state).toBe('running');
    expect(engine.pid).not.toBe(crashedPid);
    expect(engine.socketPath).toBe(socketPath);
    expect(engine.restarts).toBe(1);
    expect(processGone(crashedPid)).toBe(true);

    // Same module object, same Db: the write from before the crash (j: true) survived it.
    await expect(letters.findOne({ _id: 'before-crash' })).resolves.toEqual({ _id: 'before-crash' });
    await letters.insertOne({ _id: 'after-crash' }, { writeConcern: database.durable });
    await expect(letters.countDocuments()).resolves.toBe(2);
    await expect(database.ping()).resolves.toBe(true);

    const log = logger.lines.join('\n');
    expect(log).toMatch(/exited unexpectedly \(SIGKILL\)/);
    expect(log).toMatch(/Embedded MongoDB engine restarted in \d+ ms/);
  });

  test('while the engine is down, operations fail fast instead of hanging', async () => {
    // A long backoff keeps the engine down for the duration of the failed operation.
    database = await openDatabase({ dataDir, supervisor: { initialBackoffMs: 4_000 } });
    const letters = database.db.collection('letters');
    await letters.insertOne({ n: 1 }, { writeConcern: database.durable });

    database.engine!.kill();
    await waitFor(() => !database!.isAvailable(), 2_000, 1);
    expect(database.engine!.state).toBe('waiting-to-restart');

    const started = Date.now();
    const error: unknown = await letters.findOne({}).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error instanceof MongoNetworkError || error instanceof MongoServerSelectionError).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(database.ping()).resolves.toBe(false);
    expect(database.isAvailable()).toBe(false);

    await database.engine!.whenReady(20_000);
    await waitFor(() => database!.isAvailable(), 10_000);
    await expect(letters.countDocuments()).resolves.toBe(1);
  });

  test('a crash loop is bounded: the supervisor gives up, and restart() brings the engine back', async () => {
    const logger = collectingLogger();
    database = await openDatabase({ dataDir, logger, supervisor: { maxRestarts: 1, initialBackoffMs: 50 } });
    const engine = database.engine!;
    const gaveUp: Error[] = [];
    engine.onGiveUp((error) => gaveUp.push(error));
    let exits = 0;
    engine.onExit(() => (exits += 1));

    engine.kill(); // first crash: restarted
    await waitFor(() => exits === 1, 5_000);
    await engine.whenReady(15_000);
    engine.kill(); // second crash within the stable period: attempts exhausted
    await waitFor(() => engine.state === 'failed', 15_000);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.message).toMatch(/gave up after 1 restart attempts/);
    expect(database.isAvailable()).toBe(false);
    await expect(engine.whenReady(1_000)).rejects.toThrow(/failed/);
    expect(logger.lines.some((line) => line.startsWith('error: embedded MongoDB engine gave up'))).toBe(true);

    await engine.restart();
    await waitFor(() => database!.isAvailable(), 10_000);
    await database.db.collection('letters').insertOne({ back: true }, { writeConcern: database.durable });
    await expect(database.db.collection('letters').countDocuments()).resolves.toBe(1);
  });

  test('an engine whose parent was SIGKILLed exits by itself and frees the data folder', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'fixtures', 'engine-parent.ts'), dataDir],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: parent.stdout }).once('line', resolve);
      parent.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)));
    });
    const { enginePid, socketPath } = JSON.parse(line) as { enginePid: number; socketPath: string };
    try {
      expect(processGone(enginePid)).toBe(false);

      parent.kill('SIGKILL');
      await waitFor(() => processGone(enginePid), 15_000);

      // The folder is free again, and the unjournaled write is there: the orphan closed cleanly.
      database = await openDatabase({ dataDir });
      await expect(database.db.collection('orphan').findOne({})).resolves.toEqual({ _id: 'unjournaled' });
    } finally {
      if (!processGone(enginePid)) process.kill(enginePid, 'SIGKILL');
      // The SIGKILLed parent could not remove its socket-link folder.
      fs.rmSync(path.dirname(socketPath), { recursive: true, force: true });
    }
  });
});
