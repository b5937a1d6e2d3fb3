// A small RFC 4180 CSV reader: quoted fields may hold the delimiter, line breaks and doubled quotes;
// LF, CRLF and lone CR end a record. Each record keeps the line it starts on, so every problem can be
// reported where the user will look for it. No dependency: the rules are short and fully tested here.

export type CsvDelimiter = ',' | ';';

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** Set when the record is malformed; its fields are then not to be trusted. */
  problem?: string;
}

/**
 * Dutch spreadsheet programs save "CSV" with semicolons (the comma is the decimal separator there):
 * a header line with semicolons and no commas selects ";".
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const firstLine = /^[^\r\n]*/.exec(text)?.[0] ?? '';
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}

/** All records in order; blank lines (also lines of empty fields only, as spreadsheets add) are skipped. */
export function parseCsv(text: string, delimiter: CsvDelimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  const atFieldEnd = (at: number) => at >= n || text[at] === delimiter || text[at] === '\n' || text[at] === '\r';

  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    let problem: string | undefined;
    let recordDone = false;

    while (!recordDone) {
      let field = '';
      if (text[i] === '"') {
        const quoteLine = line;
        let closed = false;
        i += 1;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            closed = true;
            break;
          }
          if (c === '\r' || c === '\n') {
            // A line break inside quotes is part of the field; it still counts as a line of the file.
            i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
            field += '\n';
            line += 1;
            continue;
          }
          field += c;
          i += 1;
        }
        if (!closed) {
          // Everything after an unclosed quote belongs to it: nothing further can be read reliably.
          fields.push(field);
          records.push({ line: recordLine, fields, problem: `a quoted field opened on line ${quoteLine} is never closed (missing ")` });
          return records;
        }
        if (!atFieldEnd(i)) {
          problem ??= 'text after a closing quote: a quoted field must end at the next delimiter (write a quote inside quotes as "")';
          while (!atFieldEnd(i)) i += 1;
        }
      } else {
        while (!atFieldEnd(i)) {
          if (text[i] === '"') problem ??= 'a quote (") inside an unquoted field: put the whole field in quotes and write the quote as ""';
          field += text[i];
          i += 1;
        }
      }
      fields.push(field);

      if (i >= n) {
        recordDone = true;
      } else if (text[i] === delimiter) {
        i += 1;
      } else {
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        recordDone = true;
      }
    }

    const blank = problem === undefined && fields.every((f) => f.trim() === '');
    if (!blank) records.push(problem === undefined ? { line: recordLine, fields } : { line: recordLine, fields, problem });
  }
  return records;
}
