// Lint rule that enforces the design's import boundaries: which folders may import which, which files
// may import openpgp or jose, and the send-event fence (its files import only fenced files).
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Project-relative path with forward slashes, or undefined outside the project. */
function relative(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return rel.startsWith('..') ? undefined : rel;
}

function matches(rel, patterns) {
  return patterns.some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p || rel.startsWith(`${p}.`)));
}

const FOLDER_RULES = [
  { from: 'shared/', disallow: ['addin/', 'api/'], why: 'shared/ must not depend on the add-in or the API' },
  { from: 'addin/', disallow: ['api/'], why: 'the add-in and the API never import each other' },
  { from: 'api/', disallow: ['addin/'], why: 'the add-in and the API never import each other' },
];

/** Packages only some files may import. Tests may import them to attack or verify. */
const PACKAGE_RULES = [
  { pkg: 'openpgp', allow: ['shared/crypto/', 'test/', 'bench/'], why: 'only shared/crypto/ touches OpenPGP' },
  { pkg: 'jose', allow: ['api/sessions/tokens', 'shared/crypto/receipt', 'test/'], why: "jose belongs in the API's token module and the receipt verifier" },
];

/** The send-event bundle and the shared modules it uses: ES2016, no UI, no DOM. */
export const SEND_EVENT_FENCE = ['addin/send-event/', 'shared/court/'];

function packageName(source) {
  if (source.startsWith('.') || source.startsWith('/')) return undefined;
  const parts = source.split('/');
  return source.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: "Enforce Zegel's import boundaries" },
    schema: [],
    messages: { boundary: '{{source}}: {{why}}.' },
  },
  create(context) {
    const file = relative(context.filename);
    if (!file) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const report = (why) => context.report({ node, messageId: 'boundary', data: { source, why } });
      const pkg = packageName(source);
      if (pkg !== undefined) {
        for (const r of PACKAGE_RULES) if (pkg === r.pkg && !matches(file, r.allow)) report(r.why);
        if (matches(file, SEND_EVENT_FENCE)) {
          report('the send-event bundle imports no packages (no React, Fluent UI or DOM code; nothing to load at run time)');
        }
        return;
      }
      const target = relative(path.resolve(path.dirname(context.filename), source));
      if (!target) return;
      for (const r of FOLDER_RULES) if (file.startsWith(r.from) && r.disallow.some((d) => target.startsWith(d))) report(r.why);
      if (matches(file, SEND_EVENT_FENCE) && !matches(target, SEND_EVENT_FENCE)) {
        report(`the send-event bundle may import only from ${SEND_EVENT_FENCE.join(' and ')}`);
      }
    };
    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type') return;
        check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source && node.exportKind !== 'type') check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        if (node.exportKind !== 'type') check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};

export default { rules: { boundaries: rule } };
