// What a refused request must leave as it was: every collection except the audit log and the
// rate-limit counters, which record refusals on purpose. Read in one round trip ($unionWith).
import { EJSON } from 'bson';
import type { Db } from 'mongodb';

/** Collections that refusals are expected to write to. */
export const REFUSAL_RECORDS = new Set(['audit', 'rate_limits', 'sms_send_limits']);

/** Each domain collection's documents as one canonical string, by collection name. */
export type DomainState = Record<string, string>;

export async function domainState(db: Db): Promise<DomainState> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((name) => !REFUSAL_RECORDS.has(name) && !name.startsWith('system.'))
    .sort();
  const [first, ...rest] = names;
  if (!first) return {};
  const tag = (name: string) => [{ $addFields: { __collection: name } }];
  const docs = await db
    .collection(first)
    .aggregate([...tag(first), ...rest.map((name) => ({ $unionWith: { coll: name, pipeline: tag(name) } })), { $sort: { __collection: 1, _id: 1 } }])
    .toArray();
  const grouped: Record<string, unknown[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const doc of docs) grouped[doc.__collection as string]?.push(doc);
  return Object.fromEntries(Object.entries(grouped).map(([name, list]) => [name, EJSON.stringify(list, { relaxed: false })]));
}

/** The names of the collections whose documents differ between two states (empty when none). */
export function changedCollections(before: DomainState, after: DomainState): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name] && !(before[name] === undefined && after[name] === '[]')).sort();
}
