// Figure 5, the API under load on loopback, with autocannon in this process (10 connections, 1 s
// warm-up, then 5 s each), one target after the other:
//   - a bare Express handler in its own process started the same way (bench/bare-server.ts): the baseline;
//   - GET /healthz on the API (the app's middleware: request id, request log line, security headers);
//   - GET /api/messages?box=inbox, authenticated (bearer access token), for a reader with ~25 messages
//     (most small, four with large attachments): token check, session lookup, list query, JSON; and the
//     same with limit=1, which shows what each listed message costs.
// Requests per second and p50/p99 latency each, and the ratio of each to the bare handler's req/s.
// Only 127.0.0.1 is used. The API logs one line per request at info level, as in production.
import autocannon from 'autocannon';
import { sendSecure } from '../../test/helpers/messaging';
import { Reporter } from '../lib/report';
import { spawnTsx } from '../lib/api-server';
import { captureOutput, stopChild } from '../lib/processes';
import { int, kib, num, ratio, sleep } from '../lib/timing';
import { startContext, type SecureSendContext } from './secure-send';

const DURATION_S = 5;
const CONNECTIONS = 10;
const INBOX_MESSAGES = 20;

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers, warmup: { connections: CONNECTIONS, duration: 1 } });
  const bad = result.non2xx + result.errors + result.timeouts;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, bad, bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total) };
}

async function startBare(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawnTsx('bench/bare-server.ts', { NODE_ENV: 'test' });
  const output = captureOutput(child);
  const started = Date.now();
  let port: string | undefined;
  while (!(port = /"port":(\d+)/.exec(output.text())?.[1])) {
    if (child.exitCode !== null || Date.now() - started > 30_000) throw new Error(`the bare server did not start: ${output.text()}`);
    await sleep(50);
  }
  return { url: `http://127.0.0.1:${port}/bare`, stop: () => stopChild(child) };
}

export async function apiSection(shared: SecureSendContext | undefined): Promise<Reporter> {
  const r = new Reporter('5 api');
  const context = shared ?? (await startContext(r));
  const bare = await startBare();
  try {
    const { server, sender, reader } = context;
    r.progress(`filling the reader's inbox with ${INBOX_MESSAGES} small messages…`);
    for (let i = 0; i < INBOX_MESSAGES; i++) {
      const sent = await sendSecure(server.target, sender, { to: [reader.email], subject: `Bericht ${i}`, body: `Inhoud ${i}` });
      if (sent.commit?.status !== 200) throw new Error('filling the inbox failed');
    }
    const token = await reader.token();
    const inboxUrl = `${server.url}/api/messages?box=inbox`;
    const check = await fetch(inboxUrl, { headers: { Authorization: `Bearer ${token}` } });
    const text = await check.text();
    if (check.status !== 200) throw new Error(`inbox: ${check.status}`);
    const messages = (JSON.parse(text) as { messages: { receipt: string | null }[] }).messages;
    const listed = messages.length;
    const receipts = messages.map((m) => (m.receipt ?? '').length);
    r.note(`inbox response: ${kib(Buffer.byteLength(text))} for ${listed} messages, of which receipts ${kib(receipts.reduce((a, b) => a + b, 0))} (largest ${kib(Math.max(...receipts))}: a receipt lists every chunk)`);

    r.progress('autocannon: bare handler…');
    const base = await load(bare.url);
    r.progress('autocannon: /healthz…');
    const health = await load(`${server.url}/healthz`);
    r.progress('autocannon: inbox…');
    const inbox = await load(inboxUrl, { Authorization: `Bearer ${token}` });
    r.progress('autocannon: inbox, limit=1…');
    const inboxOne = await load(`${inboxUrl}&limit=1`, { Authorization: `Bearer ${token}` });

    const line = (x: Awaited<ReturnType<typeof load>>) => `${int(x.rps)} req/s, p50 ${num(x.p50)} ms, p99 ${num(x.p99)} ms (${int(x.total)} requests, ${kib(x.bytesPerResponse)} each${x.bad ? `, ${x.bad} failed or non-2xx` : ''})`;
    r.figure('bare Express handler (own process)', line(base), 'baseline');
    r.figure('GET /healthz', line(health), `${ratio(health.rps, base.rps, true)} of the bare handler's req/s`);
    r.figure(`GET /api/messages?box=inbox (authenticated, ${listed} messages)`, line(inbox), `${ratio(inbox.rps, base.rps, true)} of the bare handler's req/s; ${ratio(inbox.rps, health.rps, true)} of /healthz`);
    r.figure('GET /api/messages?box=inbox&limit=1 (authenticated, 1 message)', line(inboxOne), `${ratio(inboxOne.rps, base.rps, true)} of the bare handler's req/s; the ${listed}-message list is ${ratio(inbox.rps, inboxOne.rps, true)} of this`);
  } finally {
    await bare.stop();
    if (!shared) await context.close();
  }
  return r;
}
