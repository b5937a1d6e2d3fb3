// Figure 1, the send decision. Outlook shows "taking longer than expected" when an OnMessageSend
// handler has not completed after 5 seconds, so the decision is reported as a ratio to those 5 s.
//   - decideSend over 1, 50 and 500 recipients, built exactly as the send-event bundle builds it
//     (webpack's Node API, the bundle's config, entry swapped for bench/send-decision-entry.ts):
//     median per-call time. The recipients are the worst case: nobody at the court (every address is
//     examined), one in ten a contact group (so the group fingerprint is computed and sorted), a few in
//     display-name form and with an internationalised domain.
//   - The whole OnMessageSend handler of the built dist-equivalent send-event.js, run in the Office.js
//     simulator (test/office-host) with 0 ms latency, from dispatch to event.completed: the decision
//     plus the handler's callback hops (each on a timer, as in Outlook).
//   - send-event.js as built (production, as test/addin/send-event/build-bundle.ts builds it): bytes
//     and gzipped bytes, as a ratio to the 20 KiB gzipped budget the bundle test enforces.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpack from 'webpack';
import type { decideSend as DecideSend } from '../../shared/court/send-decision';
import type { RecipientLike } from '../../shared/court/recipients';
import { buildSendEventBundle, runBundle } from '../../test/addin/send-event/build-bundle';
import { loadOfficeHost, unloadOfficeHost, type RecipientSpec } from '../../test/office-host/load';
import { Reporter } from '../lib/report';
import { gzipSize, int, kib, median, num, perCallMs, ratio } from '../lib/timing';

const root = path.resolve(__dirname, '../..');
const OUTLOOK_THRESHOLD_MS = 5000;
const BUNDLE_BUDGET_GZIP = 20 * 1024;
const COUNTS = [1, 50, 500] as const;

/** `count` recipients, none at the court, every tenth a contact group, some in display-name form. */
export function recipients(count: number): RecipientLike[] {
  const list: RecipientLike[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9) list.push({ emailAddress: '', displayName: `Procespartijen ${i}`, recipientType: 'distributionList' });
    else if (i % 10 === 4) list.push({ emailAddress: `Mr. Jansen ${i} <jansen${i}@advocaten-${i % 7}.nl>`, displayName: `Mr. Jansen ${i}`, recipientType: 'externalUser' });
    else if (i % 10 === 6) list.push({ emailAddress: `cliënt${i}@bücher-${i % 5}.example`, displayName: `Cliënt ${i}`, recipientType: 'externalUser' });
    else list.push({ emailAddress: `persoon${i}@kantoor${i % 13}.nl`, displayName: `Persoon ${i}`, recipientType: i % 2 === 0 ? 'user' : 'externalUser' });
  }
  return list;
}

/** Splits recipients over To, Cc and Bcc (60/30/10 %), as the handler reads them. */
function fields(list: RecipientLike[]): [RecipientLike[], RecipientLike[], RecipientLike[]] {
  const to = Math.ceil(list.length * 0.6);
  const cc = Math.floor(list.length * 0.3);
  return [list.slice(0, to), list.slice(to, to + cc), list.slice(to + cc)];
}

/** Builds decideSend with the send-event bundle's webpack config and returns it. */
async function buildDecision(): Promise<{ decide: typeof DecideSend; bytes: number }> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-bench-decision-'));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the project's own webpack config (CommonJS)
    const configs = (require(path.join(root, 'webpack.config.js')) as (e: unknown, argv: { mode: string }) => webpack.Configuration[])({}, { mode: 'production' });
    const config = configs.find((c) => c.name === 'send-event');
    if (!config) throw new Error('no send-event config');
    config.context = root;
    config.entry = { 'decision-probe': path.join(__dirname, '../send-decision-entry.ts') };
    config.output = { ...config.output, path: outDir };
    config.plugins = [];
    const stats = await new Promise<webpack.Stats>((resolve, reject) => webpack(config, (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result))));
    if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
    const source = fs.readFileSync(path.join(outDir, 'decision-probe.js'), 'utf8');
    runBundle(source);
    const g = globalThis as unknown as { __zegelBenchDecideSend?: typeof DecideSend };
    const decide = g.__zegelBenchDecideSend;
    delete g.__zegelBenchDecideSend;
    if (!decide) throw new Error('the probe build did not expose decideSend');
    return { decide, bytes: Buffer.byteLength(source) };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

function toSpec(r: RecipientLike): RecipientSpec {
  return { emailAddress: r.emailAddress, displayName: r.displayName, recipientType: (r.recipientType ?? 'other') as RecipientSpec['recipientType'] };
}

export async function sendDecisionSection(): Promise<Reporter> {
  const r = new Reporter('1 send decision');
  r.progress('building send-event.js (webpack production, as the bundle test does)…');
  const bundle = await buildSendEventBundle();
  try {
    const bytes = Buffer.byteLength(bundle.source);
    const gz = gzipSize(bundle.source);
    r.figure('send-event.js size', `${int(bytes)} bytes, ${int(gz)} bytes gzipped (${kib(gz)})`, `${ratio(gz, BUNDLE_BUDGET_GZIP)} of the 20 KiB gzipped budget`);

    r.progress('building decideSend alone with the send-event config…');
    const { decide } = await buildDecision();
    for (const count of COUNTS) {
      const lists = fields(recipients(count));
      const outcome = decide(lists, []);
      if (count >= 10 && outcome.kind !== 'check-groups') throw new Error(`unexpected decision ${outcome.kind}`);
      const timing = perCallMs(() => decide(lists, []), { samples: 15, sampleMs: 40 });
      r.figure(`decideSend, ${count} recipient${count === 1 ? '' : 's'} (ES2016 build)`, `${num(timing.median * 1000)} µs per call (p90 of samples ${num(timing.p90 * 1000)} µs)`, `${ratio(timing.median, OUTLOOK_THRESHOLD_MS, true)} of Outlook's 5 s threshold`);
    }

    // The built bundle's handler in the simulated Outlook.
    const host = loadOfficeHost();
    try {
      runBundle(bundle.source);
      for (const count of COUNTS) {
        const [to, cc, bcc] = fields(recipients(count));
        const samples: number[] = [];
        for (let i = 0; i < 25; i++) {
          host.reset({ item: { to: to.map(toSpec), cc: cc.map(toSpec), bcc: bcc.map(toSpec) } });
          const started = performance.now();
          const run = host.dispatch('OnMessageSend', {}, { settleMs: 0 });
          // Spin on setImmediate (timers still fire) to see the completion as soon as it happens.
          while (run.completions.length === 0 && !run.timedOut) await new Promise((resolve) => setImmediate(resolve));
          const completedAt = performance.now();
          await run.done;
          const completion = run.completions[0];
          if (count >= 10 && completion?.allowEvent !== false) throw new Error('the handler let a send with contact groups pass');
          if (i >= 5) samples.push(completedAt - started);
        }
        const ms = median(samples);
        r.figure(`OnMessageSend handler, ${count} recipient${count === 1 ? '' : 's'} (built send-event.js, simulated Outlook)`, `${num(ms)} ms dispatch → event.completed (median of ${samples.length})`, `${ratio(ms, OUTLOOK_THRESHOLD_MS, true)} of Outlook's 5 s threshold`);
      }
      if (host.problems().length > 0) r.note(`simulator problems: ${host.problems().join('; ')}`);
    } finally {
      unloadOfficeHost();
    }
  } finally {
    bundle.remove();
  }
  return r;
}
