// Owns the API's one MongoDB connection: MONGODB_URI when set, otherwise the supervised embedded engine.
import {
  MongoClient,
  ServerType,
  type Db,
  type MongoClientOptions,
  type TopologyDescription,
  type WriteConcernSettings,
} from 'mongodb';
import { EMBEDDED_ENGINE_WARNING, unsupportedEngineMessage } from './engine/platform.cjs';
import {
  startEmbeddedEngine,
  type EmbeddedEngine,
  type EngineLogger,
  type SupervisorOptions,
} from './engine/launcher';

export { EMBEDDED_ENGINE_WARNING, unsupportedEngineMessage };
export { EmbeddedEngineStartError, EmbeddedEngineUnavailableError } from './engine/launcher';
export type { EmbeddedEngine, EngineExit, EngineReady, SupervisorOptions } from './engine/launcher';

export type DbLogger = EngineLogger;
export type DatabaseKind = 'embedded' | 'uri';

/**
 * For writes that must survive a crash. The embedded engine is a standalone (w: 1 is all there
 * is) and lost acknowledged writes without j: true on kill -9. `journal` is the driver's
 * non-deprecated spelling; it is sent as `j: true`.
 */
export const DURABLE_WRITE_CONCERN_EMBEDDED: Readonly<WriteConcernSettings> = Object.freeze({ w: 1, journal: true });
export const DURABLE_WRITE_CONCERN_URI: Readonly<WriteConcernSettings> = Object.freeze({ w: 'majority', journal: true });

export const DEFAULT_DB_NAME = 'zegel';

export interface OpenDatabaseOptions {
  /** MONGODB_URI; when empty or absent the embedded engine is started. Never logged. */
  uri?: string | undefined;
  /** Data directory of the embedded engine (unused with a URI). */
  dataDir: string;
  /** Database name; default: the URI's path, else "zegel". */
  dbName?: string;
  logger?: DbLogger;
  /** Extra driver options, applied over the defaults below (e.g. monitorCommands in tests). */
  clientOptions?: MongoClientOptions;
  supervisor?: SupervisorOptions;
  /** Called with the new client before its first command, e.g. to attach command monitoring. */
  beforeConnect?: (client: MongoClient) => void;
}

export interface Database {
  readonly kind: DatabaseKind;
  /** Stays usable across embedded engine restarts: the client reconnects to the same socket path. */
  readonly db: Db;
  readonly client: MongoClient;
  /** Write concern for writes that must survive a crash. */
  readonly durable: Readonly<WriteConcernSettings>;
  /** Whether a writable server is reachable right now, as last observed; never blocks. */
  isAvailable(): boolean;
  /** Round trip to the server, at most PING_TIMEOUT_MS; updates isAvailable(). Never throws. */
  ping(): Promise<boolean>;
  /** Closes the client, then stops the embedded engine. Idempotent. */
  close(): Promise<void>;
  /** The supervised engine process (embedded only). */
  readonly engine?: EmbeddedEngine;
}

// Fail requests within seconds while the server is away, instead of the driver's 30 s default.
const URI_DEFAULTS: MongoClientOptions = { serverSelectionTimeoutMS: 5_000 };

const EMBEDDED_DEFAULTS: MongoClientOptions = {
  // Covers a supervised restart (about 0.2 s backoff + 0.2 s start) so requests made during
  // one wait for it rather than fail, yet stay short enough not to hang a request.
  serverSelectionTimeoutMS: 2_000,
  connectTimeoutMS: 2_000,
  // Heartbeats are cheap over a local socket and are what notices the engine coming back.
  heartbeatFrequencyMS: 1_000,
  // The engine has no compression and, being a standalone without sessions, no retryable
  // writes; saying so keeps the driver from ever attaching transaction numbers.
  compressors: ['none'],
  retryWrites: false,
};

/** The longest a readiness ping waits for an answer. */
export const PING_TIMEOUT_MS = 3_000;

/** While the server is away, how often to look for it (a URI's driver would wait for its 10 s heartbeat). */
export const RECOVERY_PROBE_MS = 1_000;

const WRITABLE_SERVER_TYPES = new Set<string>([
  ServerType.Standalone,
  ServerType.RSPrimary,
  ServerType.Mongos,
  ServerType.LoadBalancer,
]);

function hasWritableServer(topology: TopologyDescription): boolean {
  for (const server of topology.servers.values()) {
    if (WRITABLE_SERVER_TYPES.has(server.type)) return true;
  }
  return false;
}

/** The database named in a mongodb:// or mongodb+srv:// URI's path, if any. */
export function dbNameFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri);
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  return name || undefined;
}

const silentLogger: DbLogger = { info() {}, warn() {}, error() {} };

/** Connects to MONGODB_URI, or starts the embedded engine and connects to it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  const uri = options.uri?.trim();
  if (uri) return connect('uri', uri, options, logger, undefined);

  // EMBEDDED_ENGINE_WARNING is printed by the caller (npm start), once, where the user sees it.
  const engine = await startEmbeddedEngine({
    dataDir: options.dataDir,
    logger,
    ...(options.supervisor ? { supervisor: options.supervisor } : {}),
  });
  try {
    return await connect('embedded', engine.uri, options, logger, engine);
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

async function connect(
  kind: DatabaseKind,
  uri: string,
  options: OpenDatabaseOptions,
  logger: DbLogger,
  engine: EmbeddedEngine | undefined,
): Promise<Database> {
  const defaults = kind === 'embedded' ? EMBEDDED_DEFAULTS : URI_DEFAULTS;
  const client = new MongoClient(uri, { ...defaults, ...options.clientOptions });
  const dbName = options.dbName ?? (kind === 'uri' ? dbNameFromUri(uri) : undefined) ?? DEFAULT_DB_NAME;

  // Two sources, because neither is enough alone: the child's exit is immediate but only
  // exists for the embedded engine, and the driver's view (heartbeats, failed operations)
  // covers remote servers and an engine that is up but not answering.
  let engineUp = engine !== undefined ? engine.state === 'running' : true;
  let serverUp = false;
  let closed = false;
  const unsubscribe: Array<() => void> = [];

  // While unavailable, requests are answered 503 by the API's gate and never reach the driver, so
  // nothing would ask it to look for the server again before its next heartbeat: this loop does.
  let watching = false;
  const watchForReturn = () => {
    if (watching || closed) return;
    watching = true;
    void (async () => {
      while (!closed && !database.isAvailable()) {
        await new Promise<void>((resolve) => setTimeout(resolve, RECOVERY_PROBE_MS).unref());
        if (!closed) await database.ping();
      }
      watching = false;
    })();
  };

  // The driver's view alone can be stale: a server that died mid-request can fail it with a bare
  // socket error (a write meeting EPIPE) that the driver passes on without marking the server
  // unknown, and until its next heartbeat (10 s with a URI) its description still says "up". So a
  // failed round trip or a connection closed by an error makes the server suspect, and only a
  // round trip that answers clears that; the driver's later events cannot.
  let suspect = false;
  let reachable = false;
  const changed = () => {
    const up = serverUp && !suspect;
    if (up !== reachable && !closed) {
      if (up) logger.info('MongoDB server reachable');
      else logger.warn('MongoDB server unreachable');
    }
    reachable = up;
    if (!up) watchForReturn();
  };

  client.on('topologyDescriptionChanged', (event) => {
    serverUp = hasWritableServer(event.newDescription);
    changed();
  });

  // Only while thought up: the probes' own failed connections must not start more probes.
  client.on('connectionClosed', (event) => {
    if (event.reason !== 'error' || closed || !reachable) return;
    suspect = true;
    changed();
    void database.ping();
  });

  const database: Database = {
    kind,
    db: client.db(dbName),
    client,
    durable: kind === 'embedded' ? DURABLE_WRITE_CONCERN_EMBEDDED : DURABLE_WRITE_CONCERN_URI,
    isAvailable: () => !closed && engineUp && reachable,
    ping: async () => {
      if (closed) return false;
      let timer: NodeJS.Timeout | undefined;
      try {
        // Bounded: a server that died mid-command can leave it waiting past serverSelectionTimeoutMS.
        const late = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('ping timed out')), PING_TIMEOUT_MS);
        });
        await Promise.race([client.db('admin').command({ ping: 1 }), late]);
        serverUp = true;
        suspect = false;
        changed();
        return true;
      } catch {
        suspect = true;
        changed();
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const off of unsubscribe) off();
      try {
        await client.close();
      } finally {
        await engine?.stop();
      }
    },
    ...(engine ? { engine } : {}),
  };

  if (engine) {
    unsubscribe.push(
      engine.onExit(() => {
        engineUp = false;
        watchForReturn();
      }),
      engine.onReady(() => {
        engineUp = true;
        // Asks the driver to look now instead of at the next heartbeat.
        void database.ping();
      }),
    );
  }

  options.beforeConnect?.(client);
  try {
    await client.connect();
  } catch (error) {
    await client.close().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    // The URI may hold credentials; the driver's message names hosts at most.
    throw new Error(
      kind === 'uri'
        ? `Cannot connect to the MongoDB server in MONGODB_URI: ${reason}`
        : unsupportedEngineMessage(`the driver could not connect to the engine (${reason})`),
      { cause: error },
    );
  }
  await database.ping();
  logger.info(kind === 'uri' ? `Connected to MongoDB from MONGODB_URI, database "${dbName}"` : `Connected to embedded MongoDB, database "${dbName}"`);
  return database;
}
