// `npm run build`: a clean dist/ with the taskpane, the send-event bundle and the rendered manifest.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(path.join(root, 'node_modules', '.bin', 'webpack'), ['--mode', 'production'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
