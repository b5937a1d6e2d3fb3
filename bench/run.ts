// `npm run bench`: Zegel's figures, each a ratio to a baseline measured side by side in this run (the
// machine is shared and noisy, so absolute times are context, never assertions). One line per figure
// on stdout; progress on stderr. See bench/README.md for what each figure means, and
// docs/benchmarks.md for the latest run.
//
//   npm run bench                         all six sections (under 10 minutes on 2 cores)
//   npm run bench -- encryption api       only these sections
//   npm run bench -- --markdown=FILE      also write the machine and the table as Markdown
//   npm run bench -- --json=FILE          also write them as JSON
import fs from 'node:fs';
import os from 'node:os';
import { Reporter, writeOutputs, type Figure } from './lib/report';
import { sendDecisionSection } from './sections/send-decision';
import { taskpaneSection } from './sections/taskpane';
import { encryptionSection, type EncryptionResults } from './sections/encryption';
import { secureSendSection, type SecureSendContext } from './sections/secure-send';
import { apiSection } from './sections/api';
import { loginSection } from './sections/login';

/** Stops the whole run (children included, through their own cleanup) well inside 10 minutes. */
const DEADLINE_MS = 9.5 * 60 * 1000;
const SECTIONS = ['send-decision', 'taskpane', 'encryption', 'secure-send', 'api', 'login'] as const;
type SectionName = (typeof SECTIONS)[number];

function machine(): Record<string, string> {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    CPU: model.trim(),
    cores: String(os.availableParallelism()),
    memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
    Node: process.version,
    OS: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const chosen = args.filter((a) => !a.startsWith('--'));
  for (const name of chosen) if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`unknown section ${name}; choose from ${SECTIONS.join(', ')}`);
  const run = (name: SectionName) => chosen.length === 0 || chosen.includes(name);

  const watchdog = setTimeout(() => {
    process.stderr.write('bench: over the 9.5-minute budget, stopping\n');
    process.kill(process.pid, 'SIGTERM');
  }, DEADLINE_MS);
  watchdog.unref();

  const info = machine();
  process.stderr.write(`bench on ${info.CPU}, ${info.cores} cores, Node ${info.Node}\n`);
  const started = performance.now();
  const reporters: Reporter[] = [];
  const section = async (name: SectionName, body: () => Promise<Reporter>) => {
    if (!run(name)) return;
    process.stderr.write(`== ${name}\n`);
    const t = performance.now();
    try {
      reporters.push(await body());
    } catch (error) {
      const failed = new Reporter(name);
      failed.figure(name, `failed: ${error instanceof Error ? error.message : String(error)}`);
      reporters.push(failed);
      process.exitCode = 1;
    }
    process.stderr.write(`== ${name} took ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  };

  let encryption: EncryptionResults | undefined;
  let context: SecureSendContext | undefined;
  await section('send-decision', sendDecisionSection);
  await section('taskpane', taskpaneSection);
  await section('encryption', async () => {
    const result = await encryptionSection();
    encryption = result.results;
    return result.reporter;
  });
  try {
    await section('secure-send', async () => {
      const result = await secureSendSection({ encryption, keepServer: run('api') });
      context = result.context;
      return result.reporter;
    });
    await section('api', () => apiSection(context));
  } finally {
    await context?.close();
  }
  await section('login', loginSection);

  const figures: Figure[] = reporters.flatMap((r) => r.figures);
  const notes = reporters.flatMap((r) => r.notes.map((n) => `${r.figures[0]?.section ?? ''}: ${n}`));
  const total = (performance.now() - started) / 1000;
  info['bench duration'] = `${total.toFixed(0)} s`;
  process.stderr.write(`bench finished in ${total.toFixed(1)} s\n`);
  writeOutputs({ markdown: option('markdown'), json: option('json'), figures, machine: info, notes });
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
