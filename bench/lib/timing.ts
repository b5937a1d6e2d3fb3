// Small timing and formatting helpers. Every figure is a median (or a percentile) over samples taken
// in this process, next to its baseline, because the machine is shared and single runs are noisy.
import zlib from 'node:zlib';

export const MiB = 1024 * 1024;

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0–100) of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Milliseconds taken by an async step. */
export async function timeMs(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await step();
  return performance.now() - started;
}

/**
 * Per-call time of a synchronous function in ms: each sample runs enough calls to last about
 * `sampleMs`, and the median of the samples is returned (after one discarded warm-up sample).
 */
export function perCallMs(fn: () => unknown, options: { samples: number; sampleMs: number }): { median: number; p90: number; calls: number } {
  let calls = 1;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const elapsed = performance.now() - started;
    if (elapsed >= options.sampleMs / 4 || calls >= 1 << 24) {
      calls = Math.max(1, Math.round((calls * options.sampleMs) / Math.max(elapsed, 0.001)));
      break;
    }
    calls *= 4;
  }
  const samples: number[] = [];
  for (let s = 0; s <= options.samples; s++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const perCall = (performance.now() - started) / calls;
    if (s > 0) samples.push(perCall);
  }
  return { median: median(samples), p90: percentile(samples, 90), calls };
}

export function gzipSize(data: string | Uint8Array): number {
  return zlib.gzipSync(data).length;
}

/** 1234567 → "1,234,567". */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A number with about three significant digits. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && abs < 0.001) return n.toExponential(2);
  if (abs >= 999.5) return int(n);
  const text = n.toPrecision(3);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function kib(bytes: number): string {
  return `${num(bytes / 1024)} KiB`;
}

/** A ratio as "×0.123"; with `inverse`, also "(1 : 8.1)". */
export function ratio(value: number, baseline: number, inverse = false): string {
  const r = value / baseline;
  return inverse && r < 1 ? `×${num(r)} (1 : ${num(1 / r)})` : `×${num(r)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
