// Builds the send-event bundle with webpack's Node API into a temporary folder, exactly as
// webpack.config.js configures it (production mode), for tests that inspect or run the built file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpack from 'webpack';

const root = path.resolve(__dirname, '../../..');

export interface BuiltBundle {
  outDir: string;
  source: string;
  remove(): void;
}

export async function buildSendEventBundle(): Promise<BuiltBundle> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-send-event-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const configs = (require(path.join(root, 'webpack.config.js')) as (e: unknown, argv: { mode: string }) => webpack.Configuration[])({}, { mode: 'production' });
  const config = configs.find((c) => c.name === 'send-event');
  if (!config) throw new Error('no send-event config');
  config.output = { ...config.output, path: outDir };
  config.plugins = [];
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(config, (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)));
  });
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  const source = fs.readFileSync(path.join(outDir, 'send-event.js'), 'utf8');
  return { outDir, source, remove: () => fs.rmSync(outDir, { recursive: true, force: true }) };
}

/** Runs a built bundle in this realm, as Outlook's runtime would after loading office.js. */
export function runBundle(source: string): void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- executing the built file is the test
  new Function(source)();
}
