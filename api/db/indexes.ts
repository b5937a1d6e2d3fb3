// Creates every collection's indexes at start; each feature's repository declares its own.
import type { Database } from './mongo';
import { auditRepository } from '../audit/repository';

export async function ensureIndexes(database: Database): Promise<void> {
  await auditRepository(database.db, database.durable).ensureIndexes();
}
