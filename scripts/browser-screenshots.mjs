// Copies the screenshots the README shows from the last browser-journey run (test-results/screens/,
// made by `npm test` or `npx jest --selectProjects browser`) into docs/screenshots/.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const from = path.join(root, 'test-results', 'screens');
const to = path.join(root, 'docs', 'screenshots');

/** [journey folder, file name without its number prefix, name in docs/screenshots]. */
const CHOSEN = [
  ['first-use-nl', 'register-from-invitation', 'onboarding-1-register.png'],
  ['first-use-nl', 'recovery-code', 'onboarding-2-recovery-code.png'],
  ['first-use-nl', 'authenticator-app', 'onboarding-3-authenticator-app.png'],
  ['first-use-nl', 'step-up', 'onboarding-4-link-number.png'],
  ['first-use-nl', 'connection-active', 'onboarding-5-connection-active.png'],
  ['first-use-en', 'reset-backup-code', 'reset-backup-code-en.png'],
  ['secure-send-nl', 'secure-send-draft', 'secure-send-1-draft.png'],
  ['secure-send-nl', 'broken-pdf-refused', 'secure-send-2-broken-pdf-refused.png'],
  ['court-mail-lawyer-en', 'receipt', 'secure-send-3-receipt-en.png'],
  ['court-mail-clerk-nl', 'court-desk', 'court-desk-1-incoming.png'],
  ['court-mail-clerk-nl', 'court-desk-message', 'court-desk-2-filing-decrypted.png'],
  ['court-mail-lawyer-en', 'reply-read', 'court-desk-3-reply-read-en.png'],
];

fs.mkdirSync(to, { recursive: true });
let missing = 0;
for (const [folder, name, target] of CHOSEN) {
  const dir = path.join(from, folder);
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.replace(/^\d+-/, '') === `${name}.png`) : undefined;
  if (!file) {
    process.stderr.write(`missing: ${folder}/${name}.png (run the browser journeys first)\n`);
    missing += 1;
    continue;
  }
  fs.copyFileSync(path.join(dir, file), path.join(to, target));
  process.stdout.write(`${path.relative(root, path.join(to, target))}\n`);
}
process.exit(missing === 0 ? 0 : 1);
