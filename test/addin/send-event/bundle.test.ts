// The built send-event file must run in classic Outlook's ES2016 JavaScript-only runtime: one file,
// no imports, no async/await, no conditional expressions, nothing from React or the DOM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import webpack from 'webpack';

const root = path.resolve(__dirname, '../../..');
let outDir = '';
let source = '';

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-send-event-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const configs = (require(path.join(root, 'webpack.config.js')) as (env: unknown, argv: { mode: string }) => webpack.Configuration[])({}, { mode: 'production' });
  const config = configs.find((c) => c.name === 'send-event');
  if (!config) throw new Error('no send-event config');
  config.output = { ...config.output, path: outDir };
  config.plugins = [];
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(config, (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)));
  });
  expect(stats.hasErrors()).toBe(false);
  source = fs.readFileSync(path.join(outDir, 'send-event.js'), 'utf8');
}, 120_000);

afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('the built send-event bundle', () => {
  it('is a single file', () => {
    expect(fs.readdirSync(outDir)).toEqual(['send-event.js']);
  });

  it('parses as an ES2016 script', () => {
    expect(() => acorn.parse(source, { ecmaVersion: 2016, sourceType: 'script' })).not.toThrow();
  });

  it('contains no conditional expressions, async functions, imports or DOM access', () => {
    const ast = acorn.parse(source, { ecmaVersion: 2016, sourceType: 'script' });
    const found: string[] = [];
    const forbiddenGlobals = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'require', 'importScripts']);
    walk.full(ast, (node) => {
      if (node.type === 'ConditionalExpression') found.push(`conditional at ${node.start}`);
      if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') && (node as acorn.Function).async) found.push('async function');
      if (node.type === 'Identifier' && forbiddenGlobals.has((node).name)) found.push((node).name);
    });
    expect(found).toEqual([]);
    expect(source).not.toMatch(/\bimport\s*\(|__webpack_require__\.e\b|react|fluentui/i);
  });

  it('registers the handler the manifest names', () => {
    const manifest = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');
    const names = [...manifest.matchAll(/FunctionName="([^"]+)"/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(source).toContain(`Office.actions.associate('${name}'`);
  });

  it('records its size', () => {
    const bytes = Buffer.byteLength(source);
    const gzipped = zlib.gzipSync(source).length;
    process.stdout.write(`send-event.js: ${bytes} bytes, ${gzipped} bytes gzipped\n`);
    expect(gzipped).toBeLessThan(20 * 1024);
  });
});
