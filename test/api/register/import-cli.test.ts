// `npm run register:import` end to end: a real child process on a fresh data folder with the
// embedded engine and the local outbox, as a new user would run it.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeTempDir, removeTempDir } from '../db/helpers';
import { unusedPort } from '../mail/smtp-sink';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '../../..');
const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = makeTempDir('register-cli');
});
afterAll(() => removeTempDir(dir));

function cliWith(env: Record<string, string>, ...args: string[]) {
  return run(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'api/register/import-cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, MONGODB_URI: '', SMTP_URL: '', MAIL_OUTBOX_DIR: '', PUBLIC_BASE_URL: 'https://zegel.test', NODE_ENV: 'test', ...env },
  });
}
const cli = (...args: string[]) => cliWith({}, ...args);

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const outbox = () => path.join(dir, 'outbox');
const outboxFiles = () => (fs.existsSync(outbox()) ? fs.readdirSync(outbox()).filter((f) => f.endsWith('.json')) : []);

describe('npm run register:import', () => {
  it('imports a file, mails invitations to the outbox, and is idempotent', async () => {
    const file = write('nova.csv', ['number,kind,name,email', 'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl', '4321,bailiff,Bakker,bakker@deurwaarder.nl']);
    const first = await cli(file);
    expect(first.stdout).toContain('nova.csv: 2 rows imported');
    expect(first.stdout).toContain('entries:     2 created, 0 updated, 0 removed, 0 unchanged');
    expect(first.stdout).toContain('invitations: 2 created, 0 voided');
    expect(first.stdout).toContain('mail:        2 sent, 0 failed (outbox');
    expect(outboxFiles()).toHaveLength(2);
    const mail = JSON.parse(fs.readFileSync(path.join(outbox(), outboxFiles()[0]!), 'utf8'));
    expect(mail.text).toMatch(/https:\/\/zegel\.test\/app#invitation=[A-Za-z0-9_-]{43}/);
    const token = /#invitation=([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    expect(`${first.stdout}${first.stderr}`).not.toContain(token);

    const second = await cli(file);
    expect(second.stdout).toContain('entries:     0 created, 0 updated, 0 removed, 2 unchanged');
    expect(second.stdout).toContain('mail:        0 sent, 0 failed');
    expect(outboxFiles()).toHaveLength(2);
  });

  it('exits non-zero with line numbers and imports nothing when a row is bad', async () => {
    const file = write('bad.csv', ['number,kind,name,email', 'A777,lawyer,Good,good@kantoor.nl', '777,lawyer,No Letter,x@kantoor.nl', 'A778,lawyer,Bad Mail,nope']);
    const failure = await cli(file).then(
      () => undefined,
      (e: unknown) => e as { code: number; stdout: string; stderr: string },
    );
    expect(failure).toBeDefined();
    expect(failure!.code).toBe(1);
    expect(failure!.stderr).toContain('bad.csv: 2 problems; nothing was imported.');
    expect(failure!.stderr).toContain('line 3: number "777" is not a BAR number');
    expect(failure!.stderr).toContain('line 4: email "nope" is not a valid e-mail address');
    expect(outboxFiles()).toHaveLength(2);
  });

  it('checks a file without importing it, and explains its usage', async () => {
    const file = write('check.json', [JSON.stringify([{ number: 'A9', kind: 'lawyer', name: 'Negen', email: 'negen@kantoor.nl' }])]);
    const checked = await cli('--check', file);
    expect(checked.stdout).toContain('check.json: 1 row, all valid (nothing imported: --check)');
    await expect(cli()).rejects.toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining('usage: npm run register:import') }));
    await expect(cli(path.join(dir, 'register.xlsx'))).rejects.toEqual(expect.objectContaining({ code: 1, stderr: expect.stringContaining('must end in .csv or .json') }));
    const resend = await cli('--resend-pending');
    expect(resend.stdout).toContain('mail:        0 sent, 0 failed');
    expect(outboxFiles()).toHaveLength(2);
  });

  it('exits 3 when invitation mails fail, and --resend-pending delivers them later', async () => {
    const file = write('new.csv', ['number,kind,name,email', 'A555,lawyer,Vijf,vijf@kantoor.nl']);
    const port = await unusedPort();
    const failed = await cliWith({ SMTP_URL: `smtp://127.0.0.1:${port}` }, file).then(
      () => undefined,
      (e: unknown) => e as { code: number; stdout: string },
    );
    expect(failed?.code).toBe(3);
    expect(failed!.stdout).toContain('mail:        0 sent, 1 failed (SMTP)');
    expect(failed!.stdout).toContain('stay pending');
    const before = outboxFiles().length;
    const resent = await cli('--resend-pending');
    expect(resent.stdout).toContain('mail:        1 sent, 0 failed');
    expect(outboxFiles()).toHaveLength(before + 1);
  });
});
