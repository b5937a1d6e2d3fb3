// A folder of JSON files standing in for a delivery service during development (mail, SMS): each
// message one file, written atomically, named from the time and a random id — never from anything in
// the message, so no address or number can steer a path. The folder is private to the user.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** `20260102T030405123Z-` + 16 hex digits: sorts by time, and is safe as a file name and URL segment. */
export const OUTBOX_ID_PATTERN = '^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{16}$';
const OUTBOX_ID = new RegExp(OUTBOX_ID_PATTERN);
const OUTBOX_FILE = /^([0-9]{8}T[0-9]{9}Z-[0-9a-f]{16})\.json$/;

export interface OutboxWarnLogger {
  warn(obj: object, msg: string): void;
}

export interface StoredOutboxMessage {
  id: string;
  /** ISO time the message was written. */
  time: string;
}

export interface FileOutbox<M extends StoredOutboxMessage, S> {
  readonly dir: string;
  /** Writes the message and returns its id. */
  write(message: Omit<M, 'id' | 'time'>, now?: Date): Promise<string>;
  /** Newest first. */
  list(options?: { limit?: number }): Promise<S[]>;
  /** null for an unknown or malformed id. */
  read(id: string): Promise<M | null>;
}

function isMissing(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ENOENT';
}

export function createFileOutbox<M extends StoredOutboxMessage, S>(options: { dir: string; label: string; summarise: (message: M) => S; logger?: OutboxWarnLogger | undefined }): FileOutbox<M, S> {
  const dir = path.resolve(options.dir);
  let ready: Promise<void> | undefined;

  async function prepare(): Promise<void> {
    // The files hold links and codes. An existing folder is not re-moded (it might be something like a
    // shared temp folder), only reported.
    const created = await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (created === undefined) {
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o077) !== 0) options.logger?.warn({ outboxDir: dir }, `${options.label} outbox folder is readable by other users; restrict it to mode 0700`);
    }
  }

  async function readMessage(id: string): Promise<M | null> {
    try {
      const parsed = JSON.parse(await fs.readFile(path.join(dir, `${id}.json`), 'utf8')) as M;
      return parsed.id === id ? parsed : null;
    } catch (err) {
      if (isMissing(err) || err instanceof SyntaxError) return null;
      throw err;
    }
  }

  return {
    dir,
    async write(message, now = new Date()) {
      ready ??= prepare().catch((err: unknown) => {
        ready = undefined;
        throw err;
      });
      await ready;
      const id = `${now.toISOString().replace(/[-:.]/g, '')}-${crypto.randomBytes(8).toString('hex')}`;
      const record = { id, time: now.toISOString(), ...message } as M;
      // Written under a temporary name and renamed, so a listing never sees half a message.
      const temporary = path.join(dir, `.${id}.tmp`);
      await fs.writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      await fs.rename(temporary, path.join(dir, `${id}.json`));
      return id;
    },
    async list({ limit = 100 } = {}) {
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch (err) {
        if (isMissing(err)) return [];
        throw err;
      }
      const ids = names
        .map((name) => OUTBOX_FILE.exec(name)?.[1])
        .filter((id): id is string => id !== undefined)
        .sort()
        .reverse()
        .slice(0, limit);
      const messages = await Promise.all(ids.map(readMessage));
      return messages.filter((m): m is Awaited<M> => m !== null).map((m) => options.summarise(m));
    },
    async read(id) {
      if (!OUTBOX_ID.test(id)) return null;
      return readMessage(id);
    },
  };
}
