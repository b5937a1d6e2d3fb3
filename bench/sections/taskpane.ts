// Figure 2, the taskpane's weight and load time.
//   - Weight: the taskpane built with webpack production (the project's config, into a temporary
//     folder). Initial JS = the scripts taskpane.html loads (Office.js from Microsoft's CDN not
//     counted), gzipped, as a ratio to all the taskpane's JS; and whether openpgp stays out of the
//     initial chunks (it is loaded lazily, with the account crypto, when a screen needs it).
//   - Load time: headless Debian Chromium (playwright-core, /usr/bin/chromium, fresh profile) opens
//     the build from a local static server (no caching: every sample is a first open over loopback),
//     with Microsoft's CDN office.js replaced by test/office-host/office.js through route interception
//     and every other non-loopback request aborted. Time from navigation start to interactive: the
//     screen's primary button is in the DOM, visible and enabled, and the main thread has then run a
//     0 ms timer. Onboarding screen: "Account aanmaken". Secure send screen at ?view=secure-send when
//     the taskpane's code mentions that view: the Secure send pane's own section (labelled by its
//     "Veilig versturen" heading) with its "Controleren en veilig versturen" button usable; when the
//     route shows something else within 15 s (the pane needs a signed-in session with unlocked keys
//     and a draft), the figure says what it showed instead. Baseline, loaded side by side in the same
//     rounds: a bare page with the same office.js and one button. Medians after a warm-up round.
// Without chromium (and no way to install it with scripts/ensure-chromium.sh) the load times print
// "skipped: chromium unavailable".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import webpack from 'webpack';
import { Reporter } from '../lib/report';
import { serveStatic } from '../lib/static-server';
import { gzipSize, int, kib, median, num, ratio } from '../lib/timing';

const root = path.resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_STAND_IN = path.join(root, 'test/office-host/office.js');
const ROUNDS = 7;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Built {
  outDir: string;
  stats: webpack.Stats;
}

async function buildTaskpane(): Promise<Built> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-bench-taskpane-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the project's own webpack config (CommonJS)
  const configs = (require(path.join(root, 'webpack.config.js')) as (e: unknown, argv: { mode: string }) => webpack.Configuration[])({}, { mode: 'production' });
  const config = configs.find((c) => c.name === 'taskpane');
  if (!config) throw new Error('no taskpane config');
  config.context = root;
  config.output = { ...config.output, path: outDir };
  const stats = await new Promise<webpack.Stats>((resolve, reject) => webpack(config, (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result))));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  return { outDir, stats };
}

/** Local script URLs of an HTML page, in order. */
function pageScripts(html: string): { local: string[]; external: string[] } {
  const local: string[] = [];
  const external: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const src = m[1] ?? m[2] ?? m[3] ?? '';
    if (/^https?:\/\//i.test(src)) external.push(src);
    else local.push(src);
  }
  return { local, external };
}

function mentionsOpenpgp(module: webpack.Module): boolean {
  const inner = (module as unknown as { modules?: webpack.Module[] }).modules;
  if (Array.isArray(inner)) return inner.some(mentionsOpenpgp);
  return /[\\/]node_modules[\\/]openpgp[\\/]/.test(module.identifier());
}

/** Files of chunks that contain openpgp, and whether any of those chunks is initial. */
function openpgpChunks(stats: webpack.Stats): { files: string[]; initial: boolean } {
  const { compilation } = stats;
  const files: string[] = [];
  let initial = false;
  for (const chunk of compilation.chunks) {
    let has = false;
    for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) {
      if (mentionsOpenpgp(module)) {
        has = true;
        break;
      }
    }
    if (!has) continue;
    files.push(...[...chunk.files].filter((f) => f.endsWith('.js')));
    if (chunk.canBeInitial()) initial = true;
  }
  return { files, initial };
}

function hasSecureSendView(): boolean {
  const dir = path.join(root, 'addin/taskpane');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  return files.some((f) => /['"`]secure-send['"`]/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
}

function ensureChromium(r: Reporter): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  r.progress('chromium missing: running scripts/ensure-chromium.sh (apt-get)…');
  const result = spawnSync('sh', [path.join(root, 'scripts/ensure-chromium.sh')], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 5 * 60 * 1000 });
  return result.status === 0 && fs.existsSync(CHROMIUM);
}

/** What makes a screen interactive: a usable button whose text matches, inside `within` when given. */
interface Target {
  button: string | null;
  /** A CSS selector the button must be inside (the screen's own container). */
  within?: string;
}

/**
 * Runs in the page before its scripts: records when the screen's primary button is usable. A string,
 * not a function, because tsx's compiled functions may refer to helpers the page does not have.
 */
function detectInteractive(target: Target): string {
  return `(() => {
  try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* no storage: nothing to clear */ }
  const pattern = ${target.button ? `new RegExp(${JSON.stringify(target.button)})` : 'null'};
  const within = ${JSON.stringify(target.within ?? null)};
  const state = { appear: 0, interactive: 0, label: '' };
  window.__bench = state;
  const check = () => {
    if (state.appear) return;
    const root = document.getElementById('root');
    if (!root) return;
    const scope = within ? root.querySelector(within) : root;
    if (!scope) return;
    for (const button of scope.querySelectorAll('button')) {
      if (button.disabled || button.getAttribute('aria-disabled') === 'true' || button.offsetParent === null) continue;
      if (pattern && !pattern.test(button.textContent || '')) continue;
      state.appear = performance.now();
      state.label = (button.textContent || '').trim();
      setTimeout(() => { state.interactive = performance.now(); }, 0);
      return;
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
})();`;
}

const READ_SAMPLE = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return { interactive: window.__bench.interactive, label: window.__bench.label, domContentLoaded: nav ? nav.domContentLoadedEventEnd : 0 };
})()`;

/** The headings on screen, to say what a route showed when its screen never became interactive. */
const READ_HEADINGS = `[...document.querySelectorAll('h1, h2, h3')].map((h) => (h.textContent || '').trim()).filter(Boolean).slice(0, 3).join(' / ')`;

/** A screen that did not become interactive in time; `shown` is what the page showed instead. */
class NotInteractive extends Error {
  constructor(
    readonly shown: string,
    cause: unknown,
  ) {
    super(`not interactive; the page showed "${shown}"`, { cause });
  }
}

interface Sample {
  interactive: number;
  /** The text of the button that made the screen count as interactive. */
  label: string;
  domContentLoaded: number;
}

export async function taskpaneSection(): Promise<Reporter> {
  const r = new Reporter('2 taskpane');
  r.progress('building the taskpane (webpack production, temporary folder)…');
  const built = await buildTaskpane();
  try {
    const html = fs.readFileSync(path.join(built.outDir, 'taskpane.html'), 'utf8');
    const scripts = pageScripts(html);
    const jsFiles = fs.readdirSync(built.outDir).filter((f) => f.endsWith('.js'));
    const size = (file: string) => {
      const data = fs.readFileSync(path.join(built.outDir, file.replace(/^\//, '')));
      return { raw: data.length, gz: gzipSize(data) };
    };
    const initial = scripts.local.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
    const all = jsFiles.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
    const pgp = openpgpChunks(built.stats);
    const pgpSize = pgp.files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
    r.figure(
      'taskpane initial JS (scripts of taskpane.html)',
      `${int(initial.gz)} bytes gzipped (${kib(initial.gz)}; ${kib(initial.raw)} minified) in ${scripts.local.length} file(s); office.js from the CDN not counted`,
      `${ratio(initial.gz, all.gz, true)} of all taskpane JS (${kib(all.gz)} gzipped, ${jsFiles.length} files)`,
    );
    r.figure(
      'openpgp loaded lazily',
      pgp.files.length === 0 ? 'openpgp not found in any chunk' : `${pgp.initial ? 'NO: openpgp is in an initial chunk' : 'yes'}; its chunk(s) ${pgp.files.join(', ')}: ${kib(pgpSize.gz)} gzipped`,
      pgp.files.length ? `${ratio(pgpSize.gz, initial.gz)} of the initial JS` : '',
    );

    if (!ensureChromium(r)) {
      r.skipped('onboarding screen, navigation → interactive', 'chromium unavailable');
      r.skipped('Secure send screen, navigation → interactive', 'chromium unavailable');
      return r;
    }
    fs.writeFileSync(
      path.join(built.outDir, 'bench-bare.html'),
      `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>bare</title><script src="${OFFICE_JS_URL}"></script></head><body><div id="root"><button type="button">Start</button></div></body></html>`,
    );
    const server = await serveStatic(built.outDir);
    const { chromium } = await import('playwright-core');
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zegel-bench-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const aborted = new Set<string>();
    const pageErrors = new Set<string>();
    try {
      r.note(`chromium ${context.browser()?.version() ?? '(version unknown)'}`);
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (url === OFFICE_JS_URL) {
          await route.fulfill({ path: OFFICE_JS_STAND_IN, contentType: 'text/javascript; charset=utf-8', headers: { 'Cache-Control': 'no-store' } });
          return;
        }
        const { hostname, protocol } = new URL(url);
        if (hostname === '127.0.0.1' || protocol === 'data:' || protocol === 'blob:') {
          await route.continue();
          return;
        }
        aborted.add(url);
        await route.abort();
      });

      const scriptsLoaded = new Map<string, Set<string>>();
      const measure = async (pagePath: string, target: Target, timeoutMs = 30_000): Promise<Sample> => {
        const page = await context.newPage();
        try {
          page.on('pageerror', (e) => pageErrors.add(`${pagePath}: ${e.message}`));
          page.on('request', (request) => {
            const url = new URL(request.url());
            if (request.resourceType() !== 'script') return;
            const seen = scriptsLoaded.get(pagePath) ?? new Set<string>();
            seen.add(url.hostname === '127.0.0.1' ? url.pathname.replace(/^\//, '') : 'office.js (stand-in)');
            scriptsLoaded.set(pagePath, seen);
          });
          await page.addInitScript(detectInteractive(target));
          await page.goto(`${server.origin}${pagePath}`, { waitUntil: 'commit', timeout: 30_000 });
          try {
            await page.waitForFunction('window.__bench && window.__bench.interactive > 0', null, { timeout: timeoutMs, polling: 50 });
          } catch (error) {
            const shown = await page.evaluate<string>(READ_HEADINGS).catch(() => '');
            throw new NotInteractive(shown, error);
          }
          return await page.evaluate<Sample>(READ_SAMPLE);
        } finally {
          await page.close();
        }
      };

      const secureSend = hasSecureSendView();
      const targets: { name: string; path: string; target: Target }[] = [
        { name: 'bare', path: '/bench-bare.html', target: { button: null } },
        { name: 'onboarding', path: '/taskpane.html', target: { button: 'Account aanmaken|Create account' } },
      ];
      // The Secure send pane (addin/secure-send/SecureSendPane.tsx): its section, labelled by the
      // "Veilig versturen" heading, with the primary "Controleren en veilig versturen" button usable
      // (the pane has read the draft and whom it may send for).
      const secureSendTarget: Target = { within: 'section[aria-labelledby="zs-title"]', button: 'Controleren en veilig versturen|Check and send securely' };
      let secureSendMissing: string | null = secureSend ? null : 'the taskpane has no secure-send view yet';
      if (secureSend) {
        try {
          await measure('/taskpane.html?view=secure-send', secureSendTarget, 15_000);
          targets.push({ name: 'secure-send', path: '/taskpane.html?view=secure-send', target: secureSendTarget });
        } catch (error) {
          if (!(error instanceof NotInteractive)) throw error;
          secureSendMissing = `?view=secure-send did not show a usable Secure send pane within 15 s; the page showed "${error.shown || 'no heading'}" (the pane needs a signed-in session with unlocked keys and a draft)`;
        }
      }
      const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round <= ROUNDS; round++) {
        for (const t of targets) {
          const sample = await measure(t.path, t.target);
          if (round > 0) samples.get(t.name)?.push(sample);
        }
      }
      const summary = (name: string) => {
        const list = samples.get(name) ?? [];
        const target = targets.find((t) => t.name === name);
        const scripts = [...(scriptsLoaded.get(target?.path ?? '') ?? [])];
        const labels = [...new Set(list.map((s) => s.label))].join(' / ');
        return { interactive: median(list.map((s) => s.interactive)), dcl: median(list.map((s) => s.domContentLoaded)), n: list.length, scripts: scripts.join(', '), labels };
      };
      const bare = summary('bare');
      const onboarding = summary('onboarding');
      r.figure('bare page + office.js stand-in, navigation → interactive (baseline)', `${num(bare.interactive)} ms (DOMContentLoaded ${num(bare.dcl)} ms; median of ${bare.n})`, 'baseline');
      r.figure('onboarding screen, navigation → interactive (headless Chromium)', `${num(onboarding.interactive)} ms (DOMContentLoaded ${num(onboarding.dcl)} ms; median of ${onboarding.n}; scripts loaded: ${onboarding.scripts})`, `${ratio(onboarding.interactive, bare.interactive)} of the bare page`);
      if (secureSendMissing === null) {
        const s = summary('secure-send');
        r.figure(
          'Secure send screen (?view=secure-send), navigation → interactive',
          `${num(s.interactive)} ms to "${s.labels}" usable in the Secure send pane (DOMContentLoaded ${num(s.dcl)} ms; median of ${s.n}; scripts loaded: ${s.scripts})`,
          `${ratio(s.interactive, bare.interactive)} of the bare page`,
        );
      } else {
        r.figure('Secure send screen (?view=secure-send), navigation → interactive', `not measured: ${secureSendMissing}`);
      }
      if (aborted.size > 0) r.note(`aborted non-loopback requests: ${[...aborted].join(', ')}`);
      if (pageErrors.size > 0) r.note(`page errors: ${[...pageErrors].join('; ')}`);
    } finally {
      await context.close();
      await server.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(built.outDir, { recursive: true, force: true });
  }
  return r;
}
