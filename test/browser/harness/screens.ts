// Every screen a journey reaches is photographed (test-results/screens/, ignored by git) and scanned
// with axe-core in the page, colour contrast included. A serious or critical violation fails the journey.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { RESULTS_DIR, ROOT } from './server';

export const SCREENS_DIR = path.join(RESULTS_DIR, 'screens');
const AXE_SOURCE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/**
 * Fluent UI's focus manager (Tabster) puts 1-pixel `<i tabindex="0" aria-hidden="true" data-tabster-dummy>`
 * sentinels around focus zones; they hand focus on and are never read. Microsoft's own Accessibility
 * Insights scanners drop exactly these nodes from aria-hidden-focus, and so does this scan: any other
 * node of that rule still fails.
 */
const TABSTER_DUMMY = /^<i\b[^>]*\bdata-tabster-dummy\b/;

/** Runs axe on the page as it is now; returns the serious and critical violations. */
export async function axeScan(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  // Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) stays as served.
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(document, { rules: { 'color-contrast': { enabled: true } }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })) }));
  })()`);
  return violations
    .map((v) => (v.id === 'aria-hidden-focus' ? { ...v, nodes: v.nodes.filter((n) => !TABSTER_DUMMY.test(n.html)) } : v))
    .filter((v) => v.nodes.length > 0 && (v.impact === 'serious' || v.impact === 'critical'));
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} ${n.html}\n      ${n.failureSummary ?? ''}`).join('\n')}`).join('\n');
}

export interface ScreenRecorder {
  /** Screenshot and axe scan of the screen now shown; throws on serious or critical violations. */
  capture(page: Page, name: string): Promise<string>;
  /** Every screen captured so far, in order. */
  readonly captured: readonly { name: string; file: string }[];
}

export function screenRecorder(folder: string): ScreenRecorder {
  const dir = path.join(SCREENS_DIR, folder);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const captured: { name: string; file: string }[] = [];
  return {
    captured,
    async capture(page, name) {
      // Let Fluent's transitions and fonts settle before the picture and the contrast check.
      await page.evaluate('document.fonts ? document.fonts.ready.then(() => undefined) : undefined');
      await page.waitForTimeout(250);
      const file = path.join(dir, `${String(captured.length + 1).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      captured.push({ name, file });
      const violations = await axeScan(page);
      if (violations.length > 0) throw new Error(`axe found ${violations.length} serious or critical violation(s) on "${name}" (${folder}):\n${describeViolations(violations)}`);
      return file;
    },
  };
}
