// `npm test`: everything CI checks, in order, stopping at the first failure: types, lint (with the
// boundary and security rules), the lockfile's sources, the add-in build, the embedded engine, then
// every Jest test.
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const steps = [
  ['types', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['lint', bin('eslint'), ['--max-warnings', '0', '.']],
  // Every dependency from the npm registry, over https, with an integrity hash (no confusion, no tampering).
  ['lockfile', bin('lockfile-lint'), ['--path', 'package-lock.json', '--type', 'npm', '--allowed-hosts', 'npm', '--validate-https', '--validate-integrity']],
  ['build', process.execPath, [path.join(root, 'scripts/build.mjs')]],
  ['engine', process.execPath, [path.join(root, 'scripts/prepare-engine.mjs')]],
  // The browser journeys (test/browser/) drive Debian's chromium; installed with apt-get when missing.
  ['chromium', 'sh', [path.join(root, 'scripts/ensure-chromium.sh')]],
  ['jest', bin('jest'), ['--ci', ...process.argv.slice(2)]],
];
for (const [name, command, args] of steps) {
  const started = Date.now();
  process.stdout.write(`\n== ${name}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
  if (result.status !== 0) {
    process.stdout.write(`\n== ${name} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`== ${name} passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
