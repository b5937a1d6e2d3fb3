// The design's import boundaries are lint errors, and lint runs inside `npm test`: a broken boundary
// fails the tests. ESLint runs in a child process (it loads its config with a dynamic import, which
// Jest's VM refuses); all snippets are linted in one run before the rules below read the results.
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(__dirname, '../..');
const snippets: { file: string; code: string }[] = [];
let results: string[][] = [];

function lint(file: string, code: string): () => string[] {
  const index = snippets.push({ file, code }) - 1;
  return () => results[index] ?? [];
}
const has = (messages: string[], rule: string, text = '') => messages.some((m) => m.startsWith(rule) && m.includes(text));

const sharedImportsApi = lint('shared/errors.ts', "import { loadConfig } from '../api/config';\nexport const c = loadConfig;\n");
const sharedImportsAddin = lint('shared/errors.ts', "import { translate } from '../addin/i18n/messages';\nexport const t = translate;\n");
const addinImportsApi = lint('addin/office/host.ts', "import { loadConfig } from '../../api/config';\nexport const c = loadConfig;\n");
const apiImportsAddin = lint('api/config.ts', "import { translate } from '../addin/i18n/messages';\nexport const t = translate;\n");
const openpgpInApi = lint('api/config.ts', "import * as openpgp from 'openpgp';\nexport const o = openpgp;\n");
const openpgpInCrypto = lint('shared/crypto/probe.ts', "import * as openpgp from 'openpgp';\nexport const o = openpgp;\n");
const joseInApi = lint('api/config.ts', "import { jwtVerify } from 'jose';\nexport const v = jwtVerify;\n");
const joseInTokens = lint('api/sessions/tokens.ts', "import { jwtVerify } from 'jose';\nexport const v = jwtVerify;\n");
const reactInSendEvent = lint('addin/send-event/probe.ts', "import { useState } from 'react';\nexport const s = useState;\n");
const taskpaneInSendEvent = lint('addin/send-event/probe.ts', "import { App } from '../taskpane/App';\nexport const a = App;\n");
const domInSendEvent = lint('addin/send-event/probe.ts', 'export function f(): string { return document.title; }\n');
const fencedSyntax = (
  [
    ['conditional', 'export function f(a: boolean): number { return a ? 1 : 2; }\n'],
    ['nullish', 'export function f(a: string | undefined): string { return a ?? "x"; }\n'],
    ['optional chain', 'export function f(a: { b?: { c: number } }): number | undefined { return a.b?.c; }\n'],
    ['default parameter', 'export function f(a = 1): number { return a; }\n'],
    ['async', 'export async function f(): Promise<number> { return 1; }\n'],
  ] as const
).map(([name, code]) => ({ name, messages: lint('shared/court/probe.ts', code) }));
const conditionalElsewhere = lint('shared/probe.ts', 'export function f(a: boolean): number { return a ? 1 : 2; }\n');

beforeAll(() => {
  const out = execFileSync(process.execPath, [path.join(root, 'scripts/lint-probe.mjs')], { cwd: root, input: JSON.stringify(snippets), encoding: 'utf8' });
  results = JSON.parse(out) as string[][];
}, 120_000);

describe('import boundaries', () => {
  it('lints every probe (no parse errors that would hide a rule)', () => {
    expect(results).toHaveLength(snippets.length);
    expect(results.flat().filter((m) => m.startsWith('parse'))).toEqual([]);
  });

  it('refuses shared/ importing the API or the add-in', () => {
    expect(has(sharedImportsApi(), 'zegel/boundaries', 'shared/ must not depend')).toBe(true);
    expect(has(sharedImportsAddin(), 'zegel/boundaries', 'shared/ must not depend')).toBe(true);
  });

  it('refuses the add-in importing the API and the API importing the add-in', () => {
    expect(has(addinImportsApi(), 'zegel/boundaries', 'never import each other')).toBe(true);
    expect(has(apiImportsAddin(), 'zegel/boundaries', 'never import each other')).toBe(true);
  });

  it('allows openpgp only in shared/crypto/', () => {
    expect(has(openpgpInApi(), 'zegel/boundaries', 'only shared/crypto/ touches OpenPGP')).toBe(true);
    expect(has(openpgpInCrypto(), 'zegel/boundaries')).toBe(false);
  });

  it('allows jose only in the token module and the receipt verifier', () => {
    expect(has(joseInApi(), 'zegel/boundaries', 'jose belongs')).toBe(true);
    expect(has(joseInTokens(), 'zegel/boundaries')).toBe(false);
  });

  it('keeps React, the taskpane and the DOM out of the send-event bundle', () => {
    expect(has(reactInSendEvent(), 'zegel/boundaries', 'imports no packages')).toBe(true);
    expect(has(taskpaneInSendEvent(), 'zegel/boundaries', 'may import only from')).toBe(true);
    expect(has(domInSendEvent(), 'no-restricted-globals')).toBe(true);
  });

  it('fences syntax that compiles into conditionals or async code in the send-event files', () => {
    for (const { name, messages } of fencedSyntax) {
      expect({ name, fenced: has(messages(), 'no-restricted-syntax') }).toEqual({ name, fenced: true });
    }
    expect(has(conditionalElsewhere(), 'no-restricted-syntax')).toBe(false);
  });
});
