// Builds the real Express app for in-process HTTP tests. `database` is whatever the test gives: the
// real database module in database tests, or a plain status object where only HTTP behaviour matters.
import { Writable } from 'node:stream';
import { createApp, type DatabaseStatus } from '../../api/app';
import { loadConfig, type Config } from '../../api/config';
import { createLogger } from '../../api/logging';
import type { RouteDefinition } from '../../api/http/routes';

export interface CapturedLogs {
  lines: string[];
  text(): string;
}

export function captureLogs(): { logs: CapturedLogs; destination: Writable } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { logs: { lines, text: () => lines.join('\n') }, destination };
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'https://zegel.test', DIST_DIR: 'test/fixtures/dist', ...env });
}

export function buildTestApp(options: { database: DatabaseStatus; routes?: RouteDefinition[]; env?: Record<string, string> }) {
  const { logs, destination } = captureLogs();
  const logger = createLogger({ level: 'info', destination });
  const built = createApp({ config: testConfig(options.env), logger, database: options.database, routes: options.routes ?? [] });
  return { ...built, logs };
}

export const alwaysAvailable: DatabaseStatus = { isAvailable: () => true, ping: () => Promise.resolve(true) };
