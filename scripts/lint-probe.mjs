// Lints code snippets as if they were files of the project and prints the messages as JSON.
// Input on stdin: [{ "file": "shared/x.ts", "code": "..." }, ...]. Used by test/lint to prove that
// boundary violations fail lint, without writing files into the tree.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = path.resolve(import.meta.dirname, '..');
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));
// Snippets stand for files that need not exist, so type information is off for them; the boundary
// and syntax rules do not use it.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
const out = [];
for (const { file, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  out.push((result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`));
}
process.stdout.write(JSON.stringify(out));
