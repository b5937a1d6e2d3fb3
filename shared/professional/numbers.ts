// Professional group numbers as people type them: BAR numbers of lawyers ("A" + digits) and KBvG
// numbers of bailiffs (format configured, KBVG_NUMBER_PATTERN). Pure and free of Node built-ins, so
// the add-in's "link your number" form and the API apply the same rules. api/register/numbers.ts
// normalises the same way (test/api/professional/numbers.test.ts pins that they agree).

export type ProfessionalKind = 'lawyer' | 'bailiff';
export const PROFESSIONAL_KINDS: readonly ProfessionalKind[] = ['lawyer', 'bailiff'];

/** "A" followed by digits, as the NOvA issues them (e.g. A12345). */
export const BAR_NUMBER = /^A[0-9]{1,10}$/;
/** Longer input is not a number someone mistyped; the form and the API cut it off here. */
export const MAX_NUMBER_INPUT_LENGTH = 40;

/** Trimmed, upper-cased, every space removed (also inside): " a 12 345 " → "A12345". */
export function normaliseProfessionalNumber(input: string): string {
  return input.replace(/\s+/gu, '').toUpperCase();
}

export type NumberProblem =
  | 'empty'
  | 'too-long'
  /** A lawyer typed digits only: the seed's "Include the letter A". */
  | 'missing-letter-a'
  /** A lawyer's number starting with another letter. */
  | 'wrong-letter'
  /** The letter A followed by something other than digits only. */
  | 'not-digits-after-a'
  /** Dashes, dots, slashes and the like. */
  | 'invalid-characters'
  /** A bailiff typed what looks like a BAR number. */
  | 'looks-like-bar-number'
  /** A bailiff's number that does not match the configured KBvG format. */
  | 'kbvg-format'
  /** The two fields (number and confirmation) differ after normalisation. */
  | 'confirmation-mismatch';

export type NumberEntryCheck =
  | { ok: true; number: string; kind: ProfessionalKind }
  | { ok: false; problem: NumberProblem; field: 'number' | 'confirmation' };

/** Why a normalised number is not valid for its kind, or null when it is. */
export function professionalNumberProblem(number: string, kind: ProfessionalKind, kbvgNumberPattern: RegExp): NumberProblem | null {
  if (number === '') return 'empty';
  if (kind === 'lawyer') {
    if (BAR_NUMBER.test(number)) return null;
    if (/^[0-9]+$/.test(number)) return number.length > 10 ? 'too-long' : 'missing-letter-a';
    if (/[^A-Z0-9]/.test(number)) return 'invalid-characters';
    if (/^A[0-9]+$/.test(number)) return 'too-long';
    if (number.startsWith('A')) return 'not-digits-after-a';
    if (/^[A-Z]/.test(number)) return 'wrong-letter';
    return 'not-digits-after-a';
  }
  if (kbvgNumberPattern.test(number)) return null;
  if (BAR_NUMBER.test(number)) return 'looks-like-bar-number';
  if (/[^A-Z0-9]/.test(number)) return 'invalid-characters';
  return 'kbvg-format';
}

/**
 * The link form's check: the number, typed twice. Both are normalised first, so "a 12345" confirms
 * "A12345". The number's own problem is reported before a mismatch.
 */
export function checkNumberEntry(input: { number: string; confirmation: string; kind: ProfessionalKind; kbvgNumberPattern: RegExp }): NumberEntryCheck {
  const number = normaliseProfessionalNumber(input.number.slice(0, MAX_NUMBER_INPUT_LENGTH + 1));
  const confirmation = normaliseProfessionalNumber(input.confirmation.slice(0, MAX_NUMBER_INPUT_LENGTH + 1));
  const problem = number.length > MAX_NUMBER_INPUT_LENGTH ? 'too-long' : professionalNumberProblem(number, input.kind, input.kbvgNumberPattern);
  if (problem !== null) return { ok: false, problem, field: 'number' };
  if (confirmation !== number) return { ok: false, problem: 'confirmation-mismatch', field: 'confirmation' };
  return { ok: true, number, kind: input.kind };
}

/**
 * Which form applies when the user did not say: what the invitation or the register says for the
 * user's own address, else the shape of what was typed (an "A" or a letter means a BAR number; digits
 * only are a KBvG number only when they fit its format, otherwise a BAR number missing its "A").
 */
export function guessKind(input: { number: string; known: ProfessionalKind | null; kbvgNumberPattern: RegExp }): ProfessionalKind {
  if (input.known !== null) return input.known;
  const number = normaliseProfessionalNumber(input.number);
  if (/^[0-9]+$/.test(number) && input.kbvgNumberPattern.test(number)) return 'bailiff';
  return 'lawyer';
}
