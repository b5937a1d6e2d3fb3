// `npm start`: builds the add-in for the configured origin and runs the API over https on localhost
// (a locally generated development certificate), on the embedded engine unless MONGODB_URI is set.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env };
env.HTTPS ??= 'dev';
env.PORT ??= '3000';
if (env.HTTPS !== 'off') env.PUBLIC_BASE_URL ??= `https://localhost:${env.PORT}`;

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const step = (what, command, args) => {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`${what} failed.\n`);
    process.exit(result.status ?? 1);
  }
};

step('Building the add-in', process.execPath, [path.join(root, 'scripts/build.mjs')]);
if (!env.MONGODB_URI) step('Preparing the embedded MongoDB engine', process.execPath, [path.join(root, 'scripts/prepare-engine.mjs')]);

const api = spawn(bin('tsx'), [path.join(root, 'api/main.ts')], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
