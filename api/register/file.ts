// Reads and validates a whole register file before anything is written: every problem is collected
// with the line (CSV) or item number (JSON) where the user will find it. Nothing here touches the
// database; the import applies the rows only when this found no problem at all.
import { isValidEmailAddress, normaliseEmailAddress } from '../mail/address';
import { detectDelimiter, parseCsv } from './csv';
import {
  isRegisterKind,
  isRegisterStatus,
  normaliseRegisterNumber,
  registerNumberProblem,
  REGISTER_KINDS,
  REGISTER_STATUSES,
  type RegisterKind,
  type RegisterStatus,
} from './numbers';

export type RegisterFileFormat = 'csv' | 'json';

export interface RegisterRow {
  /** CSV: the line the row starts on; JSON: the array index + 1. */
  line: number;
  number: string;
  kind: RegisterKind;
  name: string;
  email: string;
  status: RegisterStatus;
}

export interface RowProblem {
  /** As in RegisterRow; 0 for a problem with the file as a whole. */
  line: number;
  /** "line 4", "item 4" or "file": how to print the location. */
  where: string;
  problem: string;
}

export interface ParsedRegisterFile {
  format: RegisterFileFormat;
  rows: RegisterRow[];
  problems: RowProblem[];
}

export const REQUIRED_COLUMNS = ['number', 'kind', 'name', 'email'] as const;
export const OPTIONAL_COLUMNS = ['status'] as const;
const ALL_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export const MAX_NAME_LENGTH = 200;
/** Far above the bar register's size (about 20 000 lawyers), far below what would strain memory. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** `.json` is JSON, `.csv` (or `.txt`) is CSV; anything else is refused rather than guessed. */
export function formatFromFileName(fileName: string): RegisterFileFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  return null;
}

function fileProblem(problem: string): RowProblem {
  return { line: 0, where: 'file', problem };
}

/** Strict UTF-8; on failure, the lines holding invalid bytes, so the user can find them. */
function decodeUtf8(content: Buffer): { text: string } | { badLines: number[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(content) };
  } catch {
    const badLines: number[] = [];
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    let line = 1;
    while (start <= content.length) {
      const end = content.indexOf(0x0a, start);
      const stop = end === -1 ? content.length : end;
      try {
        decoder.decode(content.subarray(start, stop));
      } catch {
        badLines.push(line);
      }
      if (end === -1) break;
      start = end + 1;
      line += 1;
    }
    return { badLines };
  }
}

type RawRow = Partial<Record<Column, string>>;

/** Checks one row's values; pushes every problem it finds. */
function validateRow(raw: RawRow, line: number, where: string, kbvgNumberPattern: RegExp, problems: RowProblem[]): RegisterRow | null {
  const before = problems.length;
  const report = (problem: string) => problems.push({ line, where, problem });

  const kindText = (raw.kind ?? '').trim().toLowerCase();
  const kind = isRegisterKind(kindText) ? kindText : undefined;
  if (kind === undefined) report(kindText === '' ? 'kind is empty: use lawyer or bailiff' : `kind "${kindText}" is not one of ${REGISTER_KINDS.join(', ')}`);

  const number = normaliseRegisterNumber(raw.number ?? '');
  if (number === '') report('number is empty');
  else if (kind !== undefined) {
    const problem = registerNumberProblem(number, kind, kbvgNumberPattern);
    if (problem !== null) report(problem);
  }

  const name = (raw.name ?? '').trim();
  if (name === '') report('name is empty');
  else if (name.length > MAX_NAME_LENGTH) report(`name is longer than ${MAX_NAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  else if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(name)) report('name contains a line break or another control character');

  const email = normaliseEmailAddress(raw.email ?? '');
  if (email === '') report('email is empty');
  else if (!isValidEmailAddress(email)) report(`email ${JSON.stringify(email)} is not a valid e-mail address (one plain address such as name@kantoor.nl)`);

  const statusText = (raw.status ?? '').trim().toLowerCase();
  const status = statusText === '' ? 'active' : isRegisterStatus(statusText) ? statusText : undefined;
  if (status === undefined) report(`status "${statusText}" is not one of ${REGISTER_STATUSES.join(', ')} (empty means active)`);

  if (problems.length > before || kind === undefined || status === undefined) return null;
  return { line, number, kind, name, email, status };
}

function readCsv(text: string, kbvgNumberPattern: RegExp): { rows: RegisterRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const rows: RegisterRow[] = [];
  const records = parseCsv(text, detectDelimiter(text));
  const header = records[0];
  if (header === undefined) return { rows, problems: [fileProblem('the file is empty: it needs a header row (number,kind,name,email,status) and entries')] };

  const where = (line: number) => `line ${line}`;
  if (header.problem !== undefined) return { rows, problems: [{ line: header.line, where: where(header.line), problem: header.problem }] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const headerProblems: string[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (!ALL_COLUMNS.includes(column)) headerProblems.push(column === '' ? 'the header has an empty column name' : `unknown column "${column}"`);
    else if (seen.has(column)) headerProblems.push(`column "${column}" appears twice`);
    seen.add(column);
  }
  for (const required of REQUIRED_COLUMNS) if (!seen.has(required)) headerProblems.push(`missing column "${required}"`);
  if (headerProblems.length > 0) {
    const hint = `the first line must be the header row with the columns ${REQUIRED_COLUMNS.join(',')} and optionally ${OPTIONAL_COLUMNS.join(',')}`;
    return { rows, problems: headerProblems.map((p) => ({ line: header.line, where: where(header.line), problem: `${p}; ${hint}` })) };
  }

  for (const record of records.slice(1)) {
    if (record.problem !== undefined) {
      problems.push({ line: record.line, where: where(record.line), problem: record.problem });
      continue;
    }
    if (record.fields.length !== columns.length) {
      problems.push({ line: record.line, where: where(record.line), problem: `has ${record.fields.length} fields, the header has ${columns.length}` });
      continue;
    }
    const raw: RawRow = {};
    columns.forEach((column, index) => {
      raw[column as Column] = record.fields[index] ?? '';
    });
    const row = validateRow(raw, record.line, where(record.line), kbvgNumberPattern, problems);
    if (row) rows.push(row);
  }
  if (records.length === 1) problems.push({ line: header.line, where: where(header.line), problem: 'the file has a header but no entries' });
  return { rows, problems };
}

function readJson(text: string, kbvgNumberPattern: RegExp): { rows: RegisterRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const rows: RegisterRow[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    const near = position === undefined ? '' : ` (near line ${text.slice(0, Number(position)).split('\n').length})`;
    return { rows, problems: [fileProblem(`not valid JSON${near}`)] };
  }
  if (!Array.isArray(data)) return { rows, problems: [fileProblem('the JSON must be an array of entries: [{"number": "A12345", "kind": "lawyer", ...}]')] };
  if (data.length === 0) return { rows, problems: [fileProblem('the array has no entries')] };

  data.forEach((item: unknown, index) => {
    const line = index + 1;
    const where = `item ${line}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ line, where, problem: 'is not an object' });
      return;
    }
    const raw: RawRow = {};
    let shapeOk = true;
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (!ALL_COLUMNS.includes(key)) {
        problems.push({ line, where, problem: `unknown field "${key}" (allowed: ${ALL_COLUMNS.join(', ')})` });
        shapeOk = false;
      } else if (key === 'status' && value === null) {
        // null status means the default, as an empty CSV cell does
      } else if (typeof value !== 'string') {
        problems.push({ line, where, problem: `field "${key}" must be a string` });
        shapeOk = false;
      } else {
        raw[key as Column] = value;
      }
    }
    for (const required of REQUIRED_COLUMNS) {
      if (!Object.prototype.hasOwnProperty.call(item, required)) {
        problems.push({ line, where, problem: `missing field "${required}"` });
        shapeOk = false;
      }
    }
    if (!shapeOk) return;
    const row = validateRow(raw, line, where, kbvgNumberPattern, problems);
    if (row) rows.push(row);
  });
  return { rows, problems };
}

export function parseRegisterFile(options: { content: Buffer; format: RegisterFileFormat; kbvgNumberPattern: RegExp }): ParsedRegisterFile {
  const { content, format, kbvgNumberPattern } = options;
  if (content.length > MAX_FILE_BYTES) return { format, rows: [], problems: [fileProblem(`the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`)] };
  const decoded = decodeUtf8(content);
  if ('badLines' in decoded) {
    const label = format === 'csv' ? 'line' : 'line of the file';
    return { format, rows: [], problems: decoded.badLines.map((line) => ({ line, where: `${label} ${line}`, problem: 'is not valid UTF-8 (save the file as UTF-8)' })) };
  }
  // A byte-order mark is what Excel writes with "CSV UTF-8"; it is not part of the first column's name.
  const text = decoded.text.replace(/^\uFEFF/, '');
  const { rows, problems } = format === 'csv' ? readCsv(text, kbvgNumberPattern) : readJson(text, kbvgNumberPattern);

  // The number identifies the entry: a file that names it twice says two things about one entry.
  const firstSeen = new Map<string, RegisterRow>();
  for (const row of rows) {
    const first = firstSeen.get(row.number);
    if (first === undefined) firstSeen.set(row.number, row);
    else {
      const label = format === 'csv' ? 'line' : 'item';
      problems.push({ line: row.line, where: `${label} ${row.line}`, problem: `number ${row.number} appears more than once (first on ${label} ${first.line})` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { format, rows: problems.length === 0 ? rows : [], problems };
}
