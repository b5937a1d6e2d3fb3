// `npm run load`: the API under 50 concurrent connections on loopback, bounded in time, with autocannon
// in this process and the API as `npm start` runs it (a child process on the embedded engine, through
// bench/load-api.ts, which also reports its own memory). Three targets, one after the other:
//   - login: POST /api/auth/login (the password stage) cycling through ACCOUNTS accounts, each body
//     with the auth value the client derives; ARGON2_PROFILE=test keeps the server's verifier cheap
//     (`npm run bench -- login` measures the production cost);
//   - inbox: GET /api/messages?box=inbox for a reader whose inbox fills up during the run;
//   - upload: a whole small message per iteration on each connection: create (a fresh idempotency
//     key), PUT its three ciphertext chunks (subject, body, manifest; made once by the client code),
//     commit with a signed receipt.
// A round runs each target for SECONDS; then the soak runs the same three, each 3× as long. The API's
// RSS and its heap after a forced GC are taken before the round, after it and after the soak: a leak
// shows as growth over the soak. One line per figure on stdout. 429 answers are counted apart (the
// rate limiter's intended answer); any other non-2xx, error or timeout makes the run fail.
//
//   npm run load                     10 s per target, then the 30 s soak per target (about 3 minutes)
//   npm run load -- --seconds=5      shorter
import crypto from 'node:crypto';
import autocannon from 'autocannon';
import { onboard, type OnboardedUser } from '../test/helpers/onboarding';
import { request } from '../test/helpers/api';
import { lookupKeys } from '../test/helpers/messaging';
import { derivePasswordKeys, TEST_KDF_PARAMS, type KdfParams } from '../shared/crypto/kdf';
import { encryptMessage } from '../shared/crypto/messages';
import { Reporter } from './lib/report';
import { startApiServer, type ApiServer } from './lib/api-server';
import { sampleRss } from './lib/processes';
import { int, num, sleep } from './lib/timing';

const CONNECTIONS = 50;
const ACCOUNTS = 10;
const SOAK_FACTOR = 3;
const secondsArg = process.argv.find((a) => a.startsWith('--seconds='))?.slice('--seconds='.length);
const SECONDS = Math.max(2, Math.min(120, Number(secondsArg ?? 10) || 10));
/** The whole run, setup included, stops here at the latest. */
const DEADLINE_MS = (180 + SECONDS * 3 * (1 + SOAK_FACTOR) * 1.5) * 1000;

const clock = { now: () => new Date(), advance: () => undefined };
const MiB = 1024 * 1024;

/** autocannon's request sequence (the typings in autocannon.d.ts cover the simple form only). */
interface SequenceStep {
  method: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: SequenceStep, context: Record<string, unknown>) => SequenceStep | undefined;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
type LoadOptions = Parameters<typeof autocannon>[0] & { requests?: SequenceStep[] };
type LoadResult = Awaited<ReturnType<typeof autocannon>>;
const run: (options: LoadOptions) => PromiseLike<LoadResult> = autocannon;

interface PhaseFigures {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  throttled: number;
  failed: number;
  /** What the failures were, e.g. "4 × 503". */
  failures: string;
  peakRssMiB: number;
}

async function phase(server: ApiServer, seconds: number, options: Omit<LoadOptions, 'url' | 'connections' | 'duration'>): Promise<PhaseFigures> {
  const sampler = sampleRss(server.pid, 100);
  let peak = 0;
  let result: LoadResult;
  try {
    result = await run({ url: server.url, connections: CONNECTIONS, duration: seconds, timeout: 30, ...options });
  } finally {
    peak = sampler.stop();
  }
  const throttled = result.statusCodeStats['429']?.count ?? 0;
  const other = Object.entries(result.statusCodeStats)
    .filter(([code]) => !code.startsWith('2') && code !== '429')
    .map(([code, { count }]) => `${count} × ${code}`);
  if (result.errors) other.push(`${result.errors} connection errors`);
  if (result.timeouts) other.push(`${result.timeouts} timeouts`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    throttled,
    failed: result.non2xx - throttled + result.errors + result.timeouts,
    failures: other.join(', '),
    peakRssMiB: peak / 1024,
  };
}

interface Memory {
  rss: number;
  heapUsed: number;
}

/** Asks the API for its memory (after a GC) and waits for the answer line. */
async function memory(server: ApiServer): Promise<Memory> {
  const count = () => server.output().split('"loadMemory"').length;
  const before = count();
  process.kill(server.pid, 'SIGUSR2');
  const started = Date.now();
  while (count() === before) {
    if (Date.now() - started > 10_000) throw new Error('the API did not report its memory');
    await sleep(20);
  }
  const lines = server.output().split('\n').filter((l) => l.startsWith('{"loadMemory"'));
  return (JSON.parse(lines.at(-1) ?? '{}') as { loadMemory: Memory }).loadMemory;
}

async function main(): Promise<void> {
  const r = new Reporter('load');
  const watchdog = setTimeout(() => {
    process.stderr.write(`load: not finished after ${DEADLINE_MS / 1000} s, stopping\n`);
    process.kill(process.pid, 'SIGTERM');
  }, DEADLINE_MS);
  watchdog.unref();

  r.progress('starting the API (node --import tsx bench/load-api.ts → api/main.ts, embedded engine)…');
  const server = await startApiServer({ script: 'bench/load-api.ts' });
  // The API's own error lines (level 50 and up), shown when anything failed.
  const apiErrors: string[] = [];
  let partial = '';
  server.child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) if (/"level":(5|6)0/.test(l) && apiErrors.length < 20) apiErrors.push(l.slice(0, 2000));
  });
  let unexpected = 0;
  try {
    r.progress(`onboarding a reader and ${ACCOUNTS} senders…`);
    const reader: OnboardedUser = await onboard(server.target, { email: 'griffie.last@kantoor.nl', clock });
    const senders: OnboardedUser[] = [];
    for (let i = 0; i < ACCOUNTS; i++) senders.push(await onboard(server.target, { email: `advocaat.last${i}@kantoor.nl`, clock }));

    // The password stage as the client sends it: auth values derived once per account.
    const loginBodies: string[] = [];
    for (const sender of senders) {
      const pre = await request(server.url).post('/api/auth/prelogin').send({ email: sender.email });
      const keys = await derivePasswordKeys({ password: sender.password, params: (pre.body as { kdf: KdfParams }).kdf, floor: TEST_KDF_PARAMS });
      loginBodies.push(JSON.stringify({ email: sender.email, authValue: keys.authValue }));
    }

    // One small message made by the client code; each iteration uploads it as a new message.
    const sender = senders[0]!;
    const [entry] = await lookupKeys(server.target, sender, [reader.email]);
    if (!entry?.publicKey) throw new Error('no key for the reader');
    const outgoing = await encryptMessage({ subject: 'Belastingproef', body: 'Een kort bericht onder last.', attachments: [], recipientKeys: [entry.publicKey], senderKey: sender.keys.publicKey, signingKey: sender.keys.privateKey });
    const chunks: { partId: string; index: number; ciphertext: Buffer }[] = [];
    for (const part of outgoing.parts) for await (const chunk of part.chunks) chunks.push({ partId: chunk.partId, index: chunk.index, ciphertext: Buffer.from(chunk.ciphertext) });
    const recipients = [{ address: reader.email }];

    let committed = 0;
    const json = { 'Content-Type': 'application/json' };
    const targets = async () => {
      const senderToken = await sender.token();
      const readerToken = await reader.token();
      let next = 0;
      return {
        login: { requests: [{ method: 'POST', path: '/api/auth/login', headers: json, setupRequest: (req: SequenceStep) => ({ ...req, body: loginBodies[next++ % loginBodies.length] }) }] },
        inbox: { requests: [{ method: 'GET', path: '/api/messages?box=inbox', headers: { Authorization: `Bearer ${readerToken}` } }] },
        upload: {
          requests: [
            {
              method: 'POST',
              path: '/api/messages',
              headers: { ...json, Authorization: `Bearer ${senderToken}` },
              setupRequest: (req: SequenceStep) => ({ ...req, body: JSON.stringify({ idempotencyKey: crypto.randomBytes(18).toString('base64url'), recipients, parts: outgoing.layout }) }),
              onResponse: (status: number, body: string, context: Record<string, unknown>) => {
                if (status === 201) context.messageId = (JSON.parse(body) as { messageId: string }).messageId;
              },
            },
            ...chunks.map((chunk) => ({
              method: 'PUT',
              headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${senderToken}` },
              setupRequest: (req: SequenceStep, context: Record<string, unknown>) =>
                typeof context.messageId === 'string' ? { ...req, path: `/api/messages/${context.messageId}/parts/${chunk.partId}/chunks/${chunk.index}`, body: chunk.ciphertext } : undefined,
            })),
            {
              method: 'POST',
              headers: { Authorization: `Bearer ${senderToken}` },
              setupRequest: (req: SequenceStep, context: Record<string, unknown>) => (typeof context.messageId === 'string' ? { ...req, path: `/api/messages/${context.messageId}/commit` } : undefined),
              onResponse: (status: number) => {
                if (status === 200) committed += 1;
              },
            },
          ],
        },
      };
    };

    r.progress('warm-up, 2 s per target…');
    for (const options of Object.values(await targets())) await phase(server, 2, options);

    const line = (x: PhaseFigures, extra = '') => `${int(x.rps)} req/s, p50 ${num(x.p50)} ms, p99 ${num(x.p99)} ms, ${int(x.total)} requests${extra}, ${x.throttled} × 429, ${x.failed ? `other errors: ${x.failures}` : 'no other errors'}; API peak RSS ${num(x.peakRssMiB)} MiB`;
    const start = await memory(server);
    const rounds: [string, number][] = [
      ['round', SECONDS],
      ['soak', SECONDS * SOAK_FACTOR],
    ];
    const memories: Memory[] = [start];
    for (const [name, seconds] of rounds) {
      const current = await targets();
      for (const [target, options] of Object.entries(current)) {
        r.progress(`${name}: ${target}, ${CONNECTIONS} connections, ${seconds} s…`);
        const before = committed;
        const figures = await phase(server, seconds, options);
        unexpected += figures.failed;
        const extra = target === 'upload' ? ` (${int(committed - before)} messages committed, ${int((committed - before) / seconds)}/s)` : '';
        r.figure(`${name} ${seconds} s: ${target}`, line(figures, extra));
      }
      memories.push(await memory(server));
    }

    const [m0, m1, m2] = memories as [Memory, Memory, Memory];
    const mib = (bytes: number) => num(bytes / MiB);
    r.figure('API RSS: start / after round / after soak', `${mib(m0.rss)} / ${mib(m1.rss)} / ${mib(m2.rss)} MiB (soak: ${m2.rss >= m1.rss ? '+' : ''}${mib(m2.rss - m1.rss)} MiB)`);
    r.figure('API heap used after GC: start / after round / after soak', `${mib(m0.heapUsed)} / ${mib(m1.heapUsed)} / ${mib(m2.heapUsed)} MiB (soak: ${m2.heapUsed >= m1.heapUsed ? '+' : ''}${mib(m2.heapUsed - m1.heapUsed)} MiB)`);
    // The soak moves 3× the traffic of the round: a leak would grow the heap about 3× what the round did.
    const stable = m2.heapUsed - m1.heapUsed <= Math.max(8 * MiB, 0.25 * m1.heapUsed);
    r.figure('memory across the 3× soak', stable ? 'stable' : 'GROWING', `heap ${mib(m1.heapUsed)} → ${mib(m2.heapUsed)} MiB after ${SOAK_FACTOR}× the round's traffic`);
    if (!stable) unexpected += 1;
    const inbox = await request(server.url).get('/api/messages?box=inbox&limit=1').set('Authorization', `Bearer ${await reader.token()}`);
    if (inbox.status !== 200) throw new Error(`the API does not answer after the run: ${inbox.status}`);
  } finally {
    await server.stop();
    clearTimeout(watchdog);
  }
  if (unexpected > 0) {
    for (const l of apiErrors) process.stderr.write(`API: ${l}\n`);
    process.stderr.write(`load: ${unexpected} unexpected errors or growth (see above)\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`load failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
