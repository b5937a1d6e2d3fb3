// The audit log against the real embedded engine: append-only, hash-chained, single chain under
// concurrency, durable writes, and tampering detected by verify() and by `npm run audit:verify`.
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CommandStartedEvent } from 'mongodb';
import { openDatabase, type Database } from '../../../api/db/mongo';
import { auditRepository, AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { createAuditLog, hashRecord, GENESIS_HASH } from '../../../api/audit/audit-log';
import { makeTempDir, removeTempDir } from '../db/helpers';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dir: string;
let database: Database;
const commands: CommandStartedEvent[] = [];

beforeAll(async () => {
  dir = makeTempDir('audit');
  database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet, clientOptions: { monitorCommands: true } });
  database.client.on('commandStarted', (event) => commands.push(event));
  await auditRepository(database.db, database.durable).ensureIndexes();
});

afterAll(async () => {
  await database?.close();
  removeTempDir(dir);
});

beforeEach(async () => {
  await database.db.collection(AUDIT_COLLECTION).deleteMany({});
  commands.length = 0;
});

const audit = () => createAuditLog({ repository: auditRepository(database.db, database.durable) });
const event = (action: string) => ({ actor: 'acc_1', action, outcome: 'success' as const, requestId: 'req_1', details: { n: 1 } });

describe('audit log', () => {
  it('chains each record to the previous one and verifies', async () => {
    const log = audit();
    const first = await log.append(event('account.register'));
    const second = await log.append({ ...event('account.activate'), actingFor: 'acc_2', target: 'acc_2' });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    const { hash, ...body } = second;
    expect(hashRecord(body)).toBe(hash);
    await expect(log.verify()).resolves.toEqual({ ok: true, count: 2, lastHash: second.hash });
  });

  it('writes with a journaled write concern', async () => {
    await audit().append(event('x'));
    const insert = commands.find((c) => c.commandName === 'insert');
    expect(insert?.command.writeConcern).toEqual(expect.objectContaining({ j: true }));
  });

  it('keeps one chain when many writers append at once', async () => {
    const writers = [audit(), audit(), audit()];
    await Promise.all(Array.from({ length: 30 }, (_, i) => writers[i % 3]!.append(event(`concurrent.${i}`))));
    const result = await audit().verify();
    expect(result).toEqual(expect.objectContaining({ ok: true, count: 30 }));
    const seqs = (await database.db.collection<AuditDocument>(AUDIT_COLLECTION).find().toArray()).map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('detects a changed record', async () => {
    const log = audit();
    for (const action of ['a', 'b', 'c', 'd']) await log.append(event(action));
    await database.db.collection(AUDIT_COLLECTION).updateOne({ seq: 2 }, { $set: { outcome: 'failure' } });
    await expect(log.verify()).resolves.toEqual({ ok: false, count: 2, brokenAtSeq: 2, reason: 'hash-mismatch' });
  });

  it('detects a changed record whose own hash was recomputed', async () => {
    const log = audit();
    for (const action of ['a', 'b', 'c']) await log.append(event(action));
    const collection = database.db.collection<AuditDocument>(AUDIT_COLLECTION);
    const record = (await collection.findOne({ seq: 2 }, { projection: { _id: 0 } }))!;
    const { hash: _previous, ...body } = { ...record, actor: 'someone-else' };
    await collection.updateOne({ seq: 2 }, { $set: { actor: 'someone-else', hash: hashRecord(body) } });
    await expect(log.verify()).resolves.toEqual({ ok: false, count: 3, brokenAtSeq: 3, reason: 'previous-hash-mismatch' });
  });

  it('detects a deleted record', async () => {
    const log = audit();
    for (const action of ['a', 'b', 'c']) await log.append(event(action));
    await database.db.collection(AUDIT_COLLECTION).deleteOne({ seq: 2 });
    await expect(log.verify()).resolves.toEqual({ ok: false, count: 2, brokenAtSeq: 3, reason: 'sequence-gap' });
  });

  it('offers no update or delete path (reads and appends only)', () => {
    const repository = auditRepository(database.db, database.durable);
    expect(Object.keys(repository).sort()).toEqual(['ensureIndexes', 'exists', 'inOrder', 'insert', 'last']);
    expect(Object.keys(audit()).sort()).toEqual(['append', 'exists', 'verify']);
  });

  it('finds a record by actor, action and target from a moment on, and nothing else', async () => {
    const log = audit();
    const before = new Date(Date.now() - 60_000);
    await log.append({ actor: 'acc-1', action: 'message.send', outcome: 'success', target: 'msg-1' });
    await expect(log.exists({ actor: 'acc-1', action: 'message.send', target: 'msg-1', since: before })).resolves.toBe(true);
    await expect(log.exists({ actor: 'acc-1', action: 'message.send', target: 'msg-2', since: before })).resolves.toBe(false);
    await expect(log.exists({ actor: 'acc-2', action: 'message.send', target: 'msg-1', since: before })).resolves.toBe(false);
    await expect(log.exists({ actor: 'acc-1', action: 'message.open', target: 'msg-1', since: before })).resolves.toBe(false);
    await expect(log.exists({ actor: 'acc-1', action: 'message.send', target: 'msg-1', since: new Date(Date.now() + 60_000) })).resolves.toBe(false);
  });
});

describe('npm run audit:verify', () => {
  const run = promisify(execFile);
  const verifyCli = (dataDir: string) =>
    run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'api/audit/verify-cli.ts')], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '' } });

  it('passes on an intact chain and fails after one stored record changes', async () => {
    const cliDir = makeTempDir('audit-cli');
    try {
      const seed = await openDatabase({ dataDir: path.join(cliDir, 'db'), logger: quiet });
      const log = createAuditLog({ repository: auditRepository(seed.db, seed.durable) });
      for (const action of ['a', 'b', 'c']) await log.append(event(action));
      await seed.close();

      const ok = await verifyCli(cliDir);
      expect(ok.stdout).toContain('audit chain intact: 3 records');

      const tamper = await openDatabase({ dataDir: path.join(cliDir, 'db'), logger: quiet });
      await tamper.db.collection(AUDIT_COLLECTION).updateOne({ seq: 3 }, { $set: { action: 'nothing.happened' } });
      await tamper.close();

      await expect(verifyCli(cliDir)).rejects.toEqual(expect.objectContaining({ code: 1, stdout: expect.stringContaining('BROKEN at record 3') }));
    } finally {
      removeTempDir(cliDir);
    }
  });
});
