// `npm run audit:verify`: checks the audit chain end to end and exits non-zero when it is broken.
// With the embedded engine, stop the server first: one engine at a time may open the data folder.
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from '../db/mongo';
import { auditRepository } from './repository';
import { createAuditLog } from './audit-log';

async function main(): Promise<number> {
  const config = loadConfig();
  const quiet = { info: () => undefined, warn: () => undefined, error: (message: string) => process.stderr.write(`${message}\n`) };
  const database = await openDatabase({ uri: config.mongodbUri, dataDir: path.join(config.dataDir, 'db'), logger: quiet });
  try {
    const result = await createAuditLog({ repository: auditRepository(database.db, database.durable) }).verify();
    if (result.ok) {
      process.stdout.write(`audit chain intact: ${result.count} records, last hash ${result.lastHash}\n`);
      return 0;
    }
    process.stdout.write(`audit chain BROKEN at record ${result.brokenAtSeq} (${result.reason}); ${result.count} records read\n`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify could not run: ${err instanceof Error ? err.message : 'unknown error'}\n`);
    process.exit(2);
  },
);
