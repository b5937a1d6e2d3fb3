// The pane's first paint carries neither openpgp, jose, hash-wasm nor pdf-lib: they are reachable from
// the Secure send entry only through import(), which the bundler splits into a chunk loaded on Send.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../../..');
const HEAVY = ['openpgp', 'jose', 'hash-wasm', 'pdf-lib'];

function resolveLocal(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

/** Every import that loads a module when this file loads: type-only imports and import() left out (or, with `dynamic`, followed too). */
function imports(file: string, dynamic: boolean): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    if (dynamic && ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function reachablePackages(entry: string, dynamic: boolean): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [path.join(root, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of imports(file, dynamic)) {
      if (specifier.startsWith('.')) {
        const next = resolveLocal(file, specifier);
        if (next) queue.push(next);
      } else packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier));
    }
  }
  return packages;
}

it.each(['addin/secure-send/index.ts', 'addin/secure-send/SecureSendPane.tsx'])('%s loads no crypto or PDF library up front', (entry) => {
  const loaded = reachablePackages(entry, false);
  for (const heavy of HEAVY) expect([...loaded]).not.toContain(heavy);
});

it('reaches them through import() when the user sends', () => {
  const loaded = reachablePackages('addin/secure-send/SecureSendPane.tsx', true);
  for (const heavy of HEAVY) expect([...loaded]).toContain(heavy);
});
