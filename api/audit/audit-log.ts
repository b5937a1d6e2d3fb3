// Append-only, hash-chained audit records. Each record carries the hash of the previous one; a unique
// index on the sequence number keeps the chain single when several API instances append at once.
import crypto from 'node:crypto';
import type { AuditDocument, AuditRepository } from './repository';

export type AuditOutcome = AuditDocument['outcome'];

export interface AuditEvent {
  /** Account id of whoever acted, or null for anonymous requests and system jobs. */
  actor: string | null;
  /** The principal when acting on someone's behalf (a secretary for a lawyer). */
  actingFor?: string | null;
  action: string;
  outcome: AuditOutcome;
  target?: string | null;
  requestId?: string | null;
  /** Small, non-secret facts only (ids, counts, codes); never passwords, codes, keys or content. */
  details?: Record<string, string | number | boolean | null>;
}

export type VerifyResult =
  | { ok: true; count: number; lastHash: string }
  | { ok: false; count: number; brokenAtSeq: number; reason: 'sequence-gap' | 'previous-hash-mismatch' | 'hash-mismatch' };

export const GENESIS_HASH = '0'.repeat(64);
const MAX_APPEND_ATTEMPTS = 50;
/** How long an append waits for the one before it from this process. */
const QUEUE_WAIT_MS = 5_000;

/** Deterministic JSON: keys sorted at every level, dates as ISO strings. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashRecord(record: Omit<AuditDocument, 'hash'>): string {
  const { seq, at, actor, actingFor, action, outcome, target, requestId, details, prevHash } = record;
  return crypto
    .createHash('sha256')
    .update(canonicalJson({ seq, at, actor, actingFor, action, outcome, target, requestId, details, prevHash }))
    .digest('hex');
}

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

export interface AuditLog {
  append(event: AuditEvent): Promise<AuditDocument>;
  verify(): Promise<VerifyResult>;
  /** Whether `actor` has a record of `action` on `target` from `since` on (for writing a record once). */
  exists(query: { actor: string; action: string; target: string; since: Date }): Promise<boolean>;
}

export function createAuditLog(options: { repository: AuditRepository; now?: () => Date }): AuditLog {
  const { repository } = options;
  const now = options.now ?? (() => new Date());

  // One append at a time from this process: concurrent requests would otherwise all read the same
  // tip and retry against each other until some gave up (50 concurrent logins did: `npm run load`).
  // Other API instances still race for the tip; the retry below settles that, and it also lets an
  // append go ahead when the one before it is stuck (a database gone mid-write) past QUEUE_WAIT_MS.
  let tail: Promise<unknown> = Promise.resolve();
  function append(event: AuditEvent): Promise<AuditDocument> {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUEUE_WAIT_MS);
    });
    const appended = Promise.race([tail, stuck]).then(() => {
      clearTimeout(timer);
      return appendNow(event);
    });
    tail = appended.catch(() => undefined);
    return appended;
  }

  async function appendNow(event: AuditEvent): Promise<AuditDocument> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
      const last = await repository.last();
      const body: Omit<AuditDocument, 'hash'> = {
        seq: last ? last.seq + 1 : 1,
        // Millisecond precision is what MongoDB stores; hashing more would break verification.
        at: new Date(now().getTime()),
        actor: event.actor,
        actingFor: event.actingFor ?? null,
        action: event.action,
        outcome: event.outcome,
        target: event.target ?? null,
        requestId: event.requestId ?? null,
        details: { ...(event.details ?? {}) },
        prevHash: last ? last.hash : GENESIS_HASH,
      };
      const record: AuditDocument = { ...body, hash: hashRecord(body) };
      try {
        await repository.insert(record);
        return record;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another writer took this sequence number; re-read the tip and chain onto it.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * (attempt + 1))));
      }
    }
    throw new Error('audit append: too much contention on the chain tip');
  }

  async function verify(): Promise<VerifyResult> {
    let count = 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for await (const record of repository.inOrder()) {
      count += 1;
      if (record.seq !== expectedSeq) return { ok: false, count, brokenAtSeq: record.seq, reason: 'sequence-gap' };
      if (record.prevHash !== prevHash) return { ok: false, count, brokenAtSeq: record.seq, reason: 'previous-hash-mismatch' };
      const { hash, ...body } = record;
      if (hashRecord(body) !== hash) return { ok: false, count, brokenAtSeq: record.seq, reason: 'hash-mismatch' };
      prevHash = hash;
      expectedSeq += 1;
    }
    return { ok: true, count, lastHash: prevHash };
  }

  return { append, verify, exists: (query) => repository.exists(query) };
}
