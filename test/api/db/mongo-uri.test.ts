// MONGODB_URI mode without a server: a fast, clear failure that never shows the URI's password; database name parsing.
import { dbNameFromUri, openDatabase, DURABLE_WRITE_CONCERN_URI } from '../../../api/db/mongo';
import { collectingLogger } from './helpers';

jest.setTimeout(30_000);

describe('MONGODB_URI mode', () => {
  test('an unreachable server fails fast with a clear message and no credentials', async () => {
    const logger = collectingLogger();
    const started = Date.now();
    // Port 1 on loopback refuses connections; no engine is started for a URI.
    const opening = openDatabase({
      uri: 'mongodb://zegel-user:s3cret-pass@127.0.0.1:1/zegel-test',
      dataDir: '/nonexistent/never-used',
      logger,
      clientOptions: { serverSelectionTimeoutMS: 500 },
    });
    const error = await opening.then(
      () => undefined,
      (failure: unknown) => failure as Error,
    );
    expect(error?.message).toMatch(/^Cannot connect to the MongoDB server in MONGODB_URI: /);
    expect(error?.message).not.toContain('s3cret-pass');
    expect(logger.lines.join('\n')).not.toContain('s3cret-pass');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('the database name comes from the URI path, when there is one', () => {
    expect(dbNameFromUri('mongodb://h:27017/zegel-prod?replicaSet=rs0')).toBe('zegel-prod');
    expect(dbNameFromUri('mongodb+srv://u:p@cluster.example/letters')).toBe('letters');
    expect(dbNameFromUri('mongodb://a:1,b:2/db?w=majority')).toBe('db');
    expect(dbNameFromUri('mongodb://h:27017/?replicaSet=rs0')).toBeUndefined();
    expect(dbNameFromUri('mongodb://h:27017')).toBeUndefined();
  });

  test('durable writes on a server wait for the majority and the journal', () => {
    expect(DURABLE_WRITE_CONCERN_URI).toEqual({ w: 'majority', journal: true });
    expect(Object.isFrozen(DURABLE_WRITE_CONCERN_URI)).toBe(true);
  });
});
