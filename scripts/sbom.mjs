// `npm run sbom`: a CycloneDX SBOM (JSON) of the installed dependency tree, written to
// sbom/zegel.cdx.json. It runs offline: npm only reads node_modules and package-lock.json, and
// npm_config_offline keeps it from asking any registry. npm's own complaints about the tree (such as
// extraneous packages in a working copy) do not stop it; the SBOM is validated against the schema.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const output = path.join(root, 'sbom', 'zegel.cdx.json');
fs.mkdirSync(path.dirname(output), { recursive: true });
const result = spawnSync(
  path.join(root, 'node_modules', '.bin', 'cyclonedx-npm'),
  ['--output-format', 'JSON', '--spec-version', '1.6', '--mc-type', 'application', '--output-reproducible', '--validate', '--ignore-npm-errors', '--output-file', output, 'package.json'],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_offline: 'true' } },
);
if (result.status !== 0) {
  process.stderr.write(`sbom: cyclonedx-npm failed (exit ${result.status ?? result.signal})\n`);
  process.exit(result.status ?? 1);
}
const bom = JSON.parse(fs.readFileSync(output, 'utf8'));
const count = (components) => (components ?? []).reduce((n, c) => n + 1 + count(c.components), 0);
process.stdout.write(`sbom: ${path.relative(root, output)} — CycloneDX ${bom.specVersion}, ${count(bom.components)} components\n`);
