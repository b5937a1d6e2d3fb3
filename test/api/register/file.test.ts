// Reading register files: the CSV reader's quoting rules, and validation that reports every problem
// with the line (CSV) or item (JSON) where it is.
import { detectDelimiter, parseCsv } from '../../../api/register/csv';
import { formatFromFileName, parseRegisterFile } from '../../../api/register/file';
import { normaliseRegisterNumber, registerNumberProblem } from '../../../api/register/numbers';

const kbvg = /^(?:[0-9]{3,6})$/u;
const csv = (text: string) => parseRegisterFile({ content: Buffer.from(text, 'utf8'), format: 'csv', kbvgNumberPattern: kbvg });
const json = (value: unknown) => parseRegisterFile({ content: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8'), format: 'json', kbvgNumberPattern: kbvg });

describe('CSV reader', () => {
  it('handles quoted delimiters, doubled quotes, line breaks in quotes and all line endings', () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""",z\n"two\r\nlines",,\rlast,1,2', ',');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'z'] },
      { line: 3, fields: ['two\nlines', '', ''] },
      { line: 5, fields: ['last', '1', '2'] },
    ]);
  });

  it('skips blank lines and rows of empty cells but keeps counting lines', () => {
    expect(parseCsv('a,b\n\n,\n  ,  \nc,d\n', ',')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 5, fields: ['c', 'd'] },
    ]);
  });

  it('reports stray quotes and unclosed quotes on the right line', () => {
    const records = parseCsv('a,b\nx"y,z\n"q"r,s\nok,ok\n"never closed,\nmore', ',');
    expect(records.map((r) => [r.line, r.problem === undefined ? 'ok' : r.problem.slice(0, 20)])).toEqual([
      [1, 'ok'],
      [2, 'a quote (") inside a'],
      [3, 'text after a closing'],
      [4, 'ok'],
      [5, 'a quoted field opene'],
    ]);
    expect(records[4]!.problem).toContain('line 5');
  });

  it('uses semicolons when the header does (Dutch spreadsheet exports)', () => {
    expect(detectDelimiter('number;kind;name;email\nA1;lawyer;"Jansen, J.";j@x.nl')).toBe(';');
    expect(detectDelimiter('number,kind,name,email')).toBe(',');
    expect(csv('number;kind;name;email\nA1;lawyer;"Jansen; J.";j@kantoor.nl\n').rows).toEqual([
      { line: 2, number: 'A1', kind: 'lawyer', name: 'Jansen; J.', email: 'j@kantoor.nl', status: 'active' },
    ]);
  });
});

describe('register numbers', () => {
  it('normalises: trim, upper case, no inner spaces', () => {
    expect(normaliseRegisterNumber('  a 12 345\u00a0')).toBe('A12345');
  });

  it('explains what is wrong with a BAR or KBvG number', () => {
    expect(registerNumberProblem('A12345', 'lawyer', kbvg)).toBeNull();
    expect(registerNumberProblem('12345', 'lawyer', kbvg)).toContain('must start with the letter A (e.g. A12345)');
    expect(registerNumberProblem('B12345', 'lawyer', kbvg)).toContain('letter A followed by digits');
    expect(registerNumberProblem('4321', 'bailiff', kbvg)).toBeNull();
    expect(registerNumberProblem('A4321', 'bailiff', kbvg)).toContain('KBvG');
  });
});

describe('register file validation', () => {
  it('reads a valid CSV with a BOM, normalising numbers, e-mail addresses, kinds and statuses', () => {
    const result = csv('\uFEFFNumber,Kind,Name,Email,Status\n a 12 345 ,Lawyer,"Jansen, Jan",Jan.Jansen@Kantoor.NL,\n4321,bailiff,Bakker,b@deurwaarder.nl,REMOVED\n');
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, number: 'A12345', kind: 'lawyer', name: 'Jansen, Jan', email: 'jan.jansen@kantoor.nl', status: 'active' },
      { line: 3, number: '4321', kind: 'bailiff', name: 'Bakker', email: 'b@deurwaarder.nl', status: 'removed' },
    ]);
  });

  it('reports every malformed row with its line number and returns no rows', () => {
    const result = csv(
      [
        'number,kind,name,email,status',
        'A100,lawyer,Good,good@kantoor.nl,active', // 2: fine
        '12345,lawyer,No Letter,noletter@kantoor.nl,', // 3
        'A101,lawyer,Bad Mail,not-an-address,', // 4
        'A102,notary,Unknown Kind,kind@kantoor.nl,', // 5
        'A103,lawyer,Missing Column', // 6
        'A100,lawyer,Twice,twice@kantoor.nl,', // 7
        'A104,lawyer,,empty@kantoor.nl,gone', // 8: two problems
      ].join('\n'),
    );
    expect(result.rows).toEqual([]);
    expect(result.problems.map((p) => `${p.where}: ${p.problem}`)).toEqual([
      'line 3: number "12345" is not a BAR number: it must start with the letter A (e.g. A12345)',
      'line 4: email "not-an-address" is not a valid e-mail address (one plain address such as name@kantoor.nl)',
      'line 5: kind "notary" is not one of lawyer, bailiff',
      'line 6: has 3 fields, the header has 5',
      'line 7: number A100 appears more than once (first on line 2)',
      'line 8: name is empty',
      'line 8: status "gone" is not one of active, removed (empty means active)',
    ]);
  });

  it('refuses a header that lacks a column, has an unknown one, or is missing', () => {
    expect(csv('number,kind,name\nA1,lawyer,X\n').problems).toEqual([
      expect.objectContaining({ line: 1, problem: expect.stringContaining('missing column "email"') }),
    ]);
    expect(csv('number,kind,name,e-mail\n').problems.map((p) => p.problem)).toEqual([
      expect.stringContaining('unknown column "e-mail"'),
      expect.stringContaining('missing column "email"'),
    ]);
    expect(csv('A1,lawyer,X,x@kantoor.nl\n').problems[0]!.problem).toContain('the first line must be the header row');
    expect(csv('').problems[0]!.problem).toContain('the file is empty');
    expect(csv('number,kind,name,email\n').problems[0]!.problem).toContain('no entries');
  });

  it('refuses e-mail values that could name a second recipient or a header', () => {
    const result = csv('number,kind,name,email\nA1,lawyer,X,"a@kantoor.nl, b@kantoor.nl"\nA2,lawyer,Y,"Jan <a@kantoor.nl>"\nA3,lawyer,"Two\nlines",c@kantoor.nl\n');
    expect(result.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(result.problems[2]!.problem).toContain('line break');
  });

  it('reports invalid UTF-8 with the line it is on', () => {
    const content = Buffer.concat([Buffer.from('number,kind,name,email\nA1,lawyer,'), Buffer.from([0xc3, 0x28]), Buffer.from(',a@kantoor.nl\n')]);
    const result = parseRegisterFile({ content, format: 'csv', kbvgNumberPattern: kbvg });
    expect(result.problems).toEqual([{ line: 2, where: 'line 2', problem: expect.stringContaining('UTF-8') }]);
  });

  it('reads JSON and reports problems by item (array index + 1)', () => {
    expect(json([{ number: 'A1', kind: 'lawyer', name: 'X', email: 'x@kantoor.nl', status: null }]).rows).toEqual([
      { line: 1, number: 'A1', kind: 'lawyer', name: 'X', email: 'x@kantoor.nl', status: 'active' },
    ]);
    const result = json([
      { number: 'A1', kind: 'lawyer', name: 'X', email: 'x@kantoor.nl' },
      { number: '1', kind: 'lawyer', name: 'No A', email: 'y@kantoor.nl' },
      { number: 'A3', kind: 'lawyer', name: 'No mail' },
      'not an object',
      { number: 'A5', kind: 'lawyer', name: 'Extra', email: 'z@kantoor.nl', role: 'admin' },
      { number: 5, kind: 'lawyer', name: 'Number', email: 'n@kantoor.nl' },
      { number: 'A1', kind: 'lawyer', name: 'Dup', email: 'd@kantoor.nl' },
    ]);
    expect(result.rows).toEqual([]);
    expect(result.problems.map((p) => `${p.where}: ${p.problem}`)).toEqual([
      'item 2: number "1" is not a BAR number: it must start with the letter A (e.g. A1)',
      'item 3: missing field "email"',
      'item 4: is not an object',
      'item 5: unknown field "role" (allowed: number, kind, name, email, status)',
      'item 6: field "number" must be a string',
      'item 7: number A1 appears more than once (first on item 1)',
    ]);
  });

  it('refuses JSON that does not parse or is not an array', () => {
    expect(json('[{"number": "A1",\n "kind": }]').problems[0]).toEqual({ line: 0, where: 'file', problem: expect.stringMatching(/^not valid JSON/) });
    expect(json({ number: 'A1' }).problems[0]!.problem).toContain('array');
    expect(json([]).problems[0]!.problem).toContain('no entries');
  });

  it('decides the format by extension only', () => {
    expect(formatFromFileName('nova-2026.JSON')).toBe('json');
    expect(formatFromFileName('nova.csv')).toBe('csv');
    expect(formatFromFileName('nova.xlsx')).toBeNull();
  });
});
