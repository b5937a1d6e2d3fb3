// The link form's rules for BAR and KBvG numbers (shared/professional): normalisation, the seed's
// "include the letter A", a precise message for every other mistake, in Dutch and English.
import { checkNumberEntry, guessKind, normaliseProfessionalNumber, professionalNumberProblem, type NumberProblem, type ProfessionalKind } from '../../../shared/professional/numbers';
import { numberProblemTexts, notMatchedTexts } from '../../../shared/professional/messages';
import { normaliseRegisterNumber } from '../../../api/register/numbers';

const KBVG = /^(?:[0-9]{3,6})$/u;

describe('normalising what people type', () => {
  it.each([' a 12 345 ', 'A12345', 'a12345\t', '\u00a0A 1 2 3 4 5'])('turns %j into A12345', (input) => {
    expect(normaliseProfessionalNumber(input)).toBe('A12345');
  });

  it('normalises exactly as the register import does, so typed and imported numbers meet', () => {
    for (const input of [' a 12 345 ', '4321', ' 43 21 ', 'a-1', 'A\u200912', '']) expect(normaliseProfessionalNumber(input)).toBe(normaliseRegisterNumber(input));
  });
});

describe('checking a number typed twice', () => {
  const check = (number: string, confirmation: string, kind: ProfessionalKind = 'lawyer') => checkNumberEntry({ number, confirmation, kind, kbvgNumberPattern: KBVG });

  it('accepts a BAR number typed twice in different spacing and case', () => {
    expect(check(' a 12 345', 'A12345')).toEqual({ ok: true, number: 'A12345', kind: 'lawyer' });
  });

  it('refuses a BAR number without the letter A with the seed hint', () => {
    expect(check('12345', '12345')).toEqual({ ok: false, problem: 'missing-letter-a', field: 'number' });
    const texts = numberProblemTexts('missing-letter-a', 'lawyer');
    expect(texts.en).toMatch(/^Include the letter “A”/);
    expect(texts.nl).toMatch(/^Vermeld de letter “A”/);
  });

  it('reports the number before a mismatch, and a mismatch on the confirmation field', () => {
    expect(check('12345', 'A12345')).toMatchObject({ problem: 'missing-letter-a', field: 'number' });
    expect(check('A12345', 'A12354')).toEqual({ ok: false, problem: 'confirmation-mismatch', field: 'confirmation' });
  });

  it.each<[string, ProfessionalKind, NumberProblem]>([
    ['', 'lawyer', 'empty'],
    ['A-12345', 'lawyer', 'invalid-characters'],
    ['A.12345', 'lawyer', 'invalid-characters'],
    ['B12345', 'lawyer', 'wrong-letter'],
    ['AB123', 'lawyer', 'not-digits-after-a'],
    ['A12B45', 'lawyer', 'not-digits-after-a'],
    ['A12345678901', 'lawyer', 'too-long'],
    ['A1234', 'bailiff', 'looks-like-bar-number'],
    ['12', 'bailiff', 'kbvg-format'],
    ['1234567', 'bailiff', 'kbvg-format'],
    ['43-21', 'bailiff', 'invalid-characters'],
  ])('%j as a %s number: %s', (number, kind, problem) => {
    expect(professionalNumberProblem(normaliseProfessionalNumber(number), kind, KBVG)).toBe(problem);
  });

  it('accepts a KBvG number in the configured format only', () => {
    expect(check('43 21', '4321', 'bailiff')).toEqual({ ok: true, number: '4321', kind: 'bailiff' });
    expect(professionalNumberProblem('4321', 'bailiff', /^(?:K[0-9]{4})$/u)).toBe('kbvg-format');
    expect(professionalNumberProblem('K4321', 'bailiff', /^(?:K[0-9]{4})$/u)).toBeNull();
  });

  it('cuts off absurdly long input instead of working on it', () => {
    expect(check('A'.padEnd(10_000, '1'), 'x')).toMatchObject({ ok: false, problem: 'too-long' });
  });
});

describe('texts', () => {
  const problems: NumberProblem[] = ['empty', 'too-long', 'missing-letter-a', 'wrong-letter', 'not-digits-after-a', 'invalid-characters', 'looks-like-bar-number', 'kbvg-format', 'confirmation-mismatch'];

  it.each(problems)('%s has a Dutch and an English text for both kinds', (problem) => {
    for (const kind of ['lawyer', 'bailiff'] as const) {
      const texts = numberProblemTexts(problem, kind);
      expect(texts.nl.length).toBeGreaterThan(10);
      expect(texts.en.length).toBeGreaterThan(10);
      expect(texts.nl).not.toBe(texts.en);
    }
  });

  it('speaks of KBvG to bailiffs and of BAR to lawyers', () => {
    expect(numberProblemTexts('confirmation-mismatch', 'bailiff').en).toContain('KBvG number');
    expect(notMatchedTexts('bailiff').nl).toContain('KBvG');
    expect(notMatchedTexts('lawyer').en).toContain('BAR data at the NOvA');
  });
});

describe('guessing the form when the user did not choose', () => {
  it('follows what is known about the address, then the shape of the input', () => {
    expect(guessKind({ number: '12345', known: 'lawyer', kbvgNumberPattern: KBVG })).toBe('lawyer');
    expect(guessKind({ number: '4321', known: null, kbvgNumberPattern: KBVG })).toBe('bailiff');
    expect(guessKind({ number: 'A4321', known: null, kbvgNumberPattern: KBVG })).toBe('lawyer');
    expect(guessKind({ number: '12345678', known: null, kbvgNumberPattern: KBVG })).toBe('lawyer');
  });
});
