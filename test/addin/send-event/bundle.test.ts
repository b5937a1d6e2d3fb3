// The built send-event file must run in classic Outlook's ES2016 JavaScript-only runtime: one file,
// no imports, no async/await, no conditional expressions, nothing from React or the DOM, no network.
// It is also run, as built, against the Office.js simulator.
import fs from 'node:fs';
import zlib from 'node:zlib';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { loadOfficeHost, readManifestFacts, unloadOfficeHost, type OfficeHostControl } from '../../office-host/load';
import { buildSendEventBundle, runBundle, type BuiltBundle } from './build-bundle';

let bundle: BuiltBundle;
let source = '';

beforeAll(async () => {
  bundle = await buildSendEventBundle();
  source = bundle.source;
}, 120_000);

afterAll(() => bundle?.remove());

describe('the built send-event bundle', () => {
  it('is a single file', () => {
    expect(fs.readdirSync(bundle.outDir)).toEqual(['send-event.js']);
  });

  it('parses as an ES2016 script', () => {
    expect(() => acorn.parse(source, { ecmaVersion: 2016, sourceType: 'script' })).not.toThrow();
  });

  it('contains no conditional expressions, async functions, generators, imports, DOM or network access', () => {
    const ast = acorn.parse(source, { ecmaVersion: 2016, sourceType: 'script' });
    const found: string[] = [];
    const forbiddenGlobals = new Set([
      'window',
      'document',
      'navigator',
      'localStorage',
      'sessionStorage',
      'indexedDB',
      'fetch',
      'XMLHttpRequest',
      'WebSocket',
      'EventSource',
      'importScripts',
      'require',
      'eval',
      'Function',
    ]);
    walk.full(ast, (node) => {
      if (node.type === 'ConditionalExpression') found.push(`conditional at ${node.start}`);
      if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') {
        const fn = node as acorn.Function;
        if (fn.async) found.push(`async function at ${node.start}`);
        if (fn.generator) found.push(`generator at ${node.start}`);
      }
      if (node.type === 'Identifier' && forbiddenGlobals.has((node).name)) found.push((node).name);
    });
    expect(found).toEqual([]);
    expect(source).not.toMatch(/\bimport\s*\(|__webpack_require__\.e\b|react|fluentui|https?:\/\//i);
  });

  it('is plain ASCII, so no runtime has to guess its encoding', () => {
    expect([...source].filter((c) => c.charCodeAt(0) > 0x7f)).toEqual([]);
  });

  it('registers, when run, exactly the handlers the manifest names', () => {
    const host = loadOfficeHost();
    try {
      runBundle(source);
      const names = Object.values(readManifestFacts().launchEvents).map((e) => e.functionName);
      expect(names.length).toBe(4);
      expect(host.associated().sort()).toEqual([...names].sort());
    } finally {
      unloadOfficeHost();
    }
  });

  it('records its size', () => {
    const bytes = Buffer.byteLength(source);
    const gzipped = zlib.gzipSync(source).length;
    process.stdout.write(`send-event.js: ${bytes} bytes, ${gzipped} bytes gzipped\n`);
    expect(gzipped).toBeLessThan(20 * 1024);
  });
});

describe('the built bundle in the simulated Outlook', () => {
  let host: OfficeHostControl;

  beforeAll(() => {
    host = loadOfficeHost();
    runBundle(source);
  });

  beforeEach(() => host.reset());
  afterEach(() => expect(host.problems()).toEqual([]));
  afterAll(unloadOfficeHost);

  it('stops court mail with the Secure send button and lets other mail go', async () => {
    host.setItem({ to: ['client@example.nl'], bcc: ['griffie@rechtspraak.nl'] });
    const blocked = await host.user.send();
    expect(blocked.sent).toBe(false);
    expect(blocked.dialog).toEqual(expect.objectContaining({ kind: 'blocked', button: 'Veilig verzenden' }));
    expect(blocked.run?.completions).toHaveLength(1);
    host.setItem({ to: ['client@example.nl'] });
    expect((await host.user.send()).sent).toBe(true);
  });

  it('stops a contact group once, then lets the same send pass', async () => {
    host.setItem({ to: [{ emailAddress: '', displayName: 'Procespartijen', recipientType: 'other' }] });
    expect((await host.user.send()).sent).toBe(false);
    expect((await host.user.send()).sent).toBe(true);
  });

  it('shows the first-use prompt, the court notice and the From notice', async () => {
    await host.user.compose({ to: ['client@example.nl'] });
    await host.user.addRecipients('cc', ['griffie@rechtspraak.nl']);
    await host.user.changeFrom('secretariaat@kantoor.nl');
    expect(host.notifications().map((n) => n.key)).toEqual(['zegelOnboarding', 'zegelCourtRecipients', 'zegelFromChanged']);
    for (const run of host.runs()) expect(run.completions).toHaveLength(1);
  });

  it('blocks when Office fails, exactly once', async () => {
    host.setItem({ to: ['client@example.nl'] });
    host.failNext('item.cc.getAsync', 'InternalFormatError');
    const outcome = await host.user.send();
    expect(outcome.sent).toBe(false);
    expect(outcome.run?.completions).toHaveLength(1);
  });
});
