// How the bench reports: one line per figure on stdout (progress and notes go to stderr), and the same
// figures collected for a Markdown table (`--markdown=FILE`) or JSON (`--json=FILE`).
import fs from 'node:fs';

export interface Figure {
  /** Section number and name, e.g. "1 send decision". */
  section: string;
  /** What was measured. */
  name: string;
  /** The measured value(s) with units. */
  value: string;
  /** The ratio to the baseline measured side by side in the same run, or a note why there is none. */
  ratio: string;
}

export class Reporter {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];

  constructor(private readonly section: string) {}

  /** Prints and keeps one figure. */
  figure(name: string, value: string, ratio = ''): void {
    const figure = { section: this.section, name, value, ratio };
    this.figures.push(figure);
    process.stdout.write(`[${this.section}] ${name}: ${value}${ratio ? ` | ${ratio}` : ''}\n`);
  }

  /** A figure that could not be measured here (e.g. no browser). */
  skipped(name: string, why: string): void {
    this.figure(name, `skipped: ${why}`);
  }

  /** An observation worth keeping with the figures: stderr, so stdout stays one line per figure. */
  note(text: string): void {
    this.notes.push(text);
    process.stderr.write(`  · ${text}\n`);
  }

  /** Progress: stderr only, not kept. */
  progress(text: string): void {
    process.stderr.write(`  … ${text}\n`);
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownTable(figures: readonly Figure[]): string {
  const lines = ['| # | figure | value | ratio (same run) |', '| --- | --- | --- | --- |'];
  for (const f of figures) lines.push(`| ${cell(f.section)} | ${cell(f.name)} | ${cell(f.value)} | ${cell(f.ratio)} |`);
  return `${lines.join('\n')}\n`;
}

export function writeOutputs(options: { markdown?: string | undefined; json?: string | undefined; figures: readonly Figure[]; machine: Record<string, string>; notes: readonly string[] }): void {
  if (options.markdown) {
    const machine = Object.entries(options.machine)
      .map(([k, v]) => `- ${k}: ${v}`)
      .join('\n');
    const notes = options.notes.map((n) => `- ${n}`).join('\n');
    fs.writeFileSync(options.markdown, `${machine}\n\n${markdownTable(options.figures)}\nNotes from the run:\n\n${notes}\n`);
  }
  if (options.json) fs.writeFileSync(options.json, `${JSON.stringify({ machine: options.machine, figures: options.figures, notes: options.notes }, null, 2)}\n`);
}
