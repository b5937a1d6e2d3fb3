// The API as `npm start` runs it, on the real embedded engine: endpoints answer; a killed engine makes
// /readyz and the API answer 503 with Retry-After, and both recover without restarting the API;
// SIGTERM stops the process cleanly, engine included.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startServer, type RunningServer } from '../../api/server';
import { makeTempDir, removeTempDir, processGone, waitFor } from './db/helpers';

jest.setTimeout(120_000);
const root = path.resolve(__dirname, '../..');

describe('a running server on the embedded engine', () => {
  let dir: string;
  let running: RunningServer;

  beforeAll(async () => {
    dir = makeTempDir('server');
    running = await startServer({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dir, DIST_DIR: path.join(root, 'test/fixtures/dist'), HTTPS: 'off' });
  });
  afterAll(async () => {
    await running?.shutdown('test done');
    removeTempDir(dir);
  });

  it('answers /healthz, /readyz, the OpenAPI document and the add-in page', async () => {
    for (const p of ['/healthz', '/readyz', '/api/openapi.json', '/taskpane.html']) {
      const res = await fetch(`${running.url}${p}`);
      expect({ p, status: res.status }).toEqual({ p, status: 200 });
    }
  });

  it('turns not-ready with 503 and Retry-After when the engine dies, and recovers', async () => {
    const engine = running.database.engine;
    if (!engine) throw new Error('expected the embedded engine');
    engine.kill();
    await waitFor(() => !running.database.isAvailable(), 10_000);
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toMatch(/^\d+$/);
    const api = await fetch(`${running.url}/api/anything`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    expect(api.headers.get('retry-after')).toMatch(/^\d+$/);

    await waitFor(() => running.database.isAvailable(), 30_000, 50);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    const count = await running.database.db.collection('audit').countDocuments();
    expect(count).toBeGreaterThanOrEqual(0);
  });
});

it('stops cleanly on SIGTERM, taking the engine with it', async () => {
  const dir = makeTempDir('sigterm');
  try {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'api/main.ts')], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', DATA_DIR: dir, HTTPS: 'off', MONGODB_URI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor(() => output.includes('"msg":"listening"'), 60_000, 50);
    const enginePid = Number(/"pid":(\d+)/.exec(output)?.[1] ?? /pid (\d+)/.exec(output)?.[1]);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    if (Number.isFinite(enginePid)) await waitFor(() => processGone(enginePid), 10_000);
    expect(output.match(/for development, evaluation and tests only/g)).toHaveLength(1);
  } finally {
    removeTempDir(dir);
  }
});
