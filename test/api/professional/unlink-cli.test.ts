// `npm run professional:unlink -- <number>` end to end: a real child process on a data folder whose
// embedded engine holds an account with a linked number.
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openDatabase } from '../../../api/db/mongo';
import { accountsRepository, type AccountDocument } from '../../../api/accounts/repository';
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { makeTempDir, removeTempDir } from '../db/helpers';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const run = promisify(execFile);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dir: string;

beforeAll(() => {
  dir = makeTempDir('professional-cli');
});
afterAll(() => removeTempDir(dir));

function cli(...args: string[]) {
  return run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'api/professional/unlink-cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, MONGODB_URI: '', SMTP_URL: '', MAIL_OUTBOX_DIR: '', PUBLIC_BASE_URL: 'https://zegel.test', NODE_ENV: 'test' },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir: path.join(dir, 'db'), logger: quiet });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

describe('npm run professional:unlink', () => {
  it('needs exactly one number', async () => {
    const none = await cli();
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('name the number to unlink');
    expect((await cli('A1', 'A2')).code).toBe(1);
  });

  it('unlinks the number from its account, audited with the operator', async () => {
    const at = new Date('2026-12-01T09:00:00Z');
    await withDatabase(async (database) => {
      const accounts = accountsRepository(database.db, database.durable);
      await accounts.ensureIndexes();
      await accounts.ensureLifecycleIndexes();
      await database.db.collection<AccountDocument>('accounts').insertOne({
        _id: 'acc-1',
        email: 'jan@kantoor.nl',
        status: 'active',
        createdAt: at,
        pendingExpiresAt: null,
        verification: null,
        enrolment: null,
        invitation: null,
        verifiedAt: at,
        activatedAt: at,
        kdf: null,
        authVerifier: null,
        keys: null,
        recovery: null,
        professional: { number: 'A12345', kind: 'lawyer', linkedAt: at, state: 'linked', stateChangedAt: at, suspendedReason: null },
      });
    });

    const done = await cli(' a12345');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('A12345: unlinked from account acc-1');

    const again = await cli('A12345');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not linked to any account');

    await withDatabase(async (database) => {
      const account = await database.db.collection<AccountDocument>('accounts').findOne({ _id: 'acc-1' });
      expect(account?.professional).toBeNull();
      const records = await database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action: 'professional.unlink' }).toArray();
      expect(records).toEqual([expect.objectContaining({ actor: null, target: 'A12345', details: expect.objectContaining({ cause: 'administrator', account: 'acc-1', operator: expect.any(String) }) })]);
    });
  });
});
