// A guest's mobile number for the SMS gate, checked and written as E.164 in the pane, so a typo is
// refused before anything is encrypted. The rules are the API's (api/two-factor/phone.ts: Dutch numbers
// without a country code, Dutch numbers must be mobile, others on shape alone); the add-in cannot import
// api/, so test/addin/secure-send/mobile.test.ts holds both to the same answers, input for input.

export type MobileProblem =
  | 'empty'
  | 'too-long-input'
  | 'invalid-characters'
  | 'misplaced-plus'
  | 'missing-country-code'
  | 'invalid-country-code'
  | 'too-short'
  | 'too-long'
  | 'dutch-number-length'
  | 'not-a-dutch-mobile-number';

export type MobileVerdict = { ok: true; e164: string } | { ok: false; problem: MobileProblem };

const TYPED = /^[0-9+\-.() \u00a0\u2009\u202f]*$/;
const LONGEST_INPUT = 40;
const DIGITS = { min: 7, max: 15 } as const;

const refuse = (problem: MobileProblem): MobileVerdict => ({ ok: false, problem });

/** "06 1234 5678", "+31 (0)6-12345678", "0031612345678" → "+31612345678"; a foreign number needs "+" or "00". */
export function normaliseMobile(input: string): MobileVerdict {
  if (input.length > LONGEST_INPUT) return refuse('too-long-input');
  const typed = input.trim();
  if (typed === '') return refuse('empty');
  if (!TYPED.test(typed)) return refuse('invalid-characters');
  if (typed.lastIndexOf('+') > 0) return refuse('misplaced-plus');

  // The bracketed trunk 0 of "+31 (0)6 …" is not dialled from abroad.
  const bare = typed.replace(/\(0\)/g, '').replace(/[^0-9+]/g, '');
  const prefix = ['+', '00'].find((p) => bare.startsWith(p));
  let digits: string;
  if (prefix !== undefined) digits = bare.slice(prefix.length);
  else if (bare.startsWith('0')) digits = `31${bare.slice(1)}`;
  else return refuse(bare === '' ? 'empty' : 'missing-country-code');

  if (digits === '') return refuse('too-short');
  if (digits.startsWith('0')) return refuse('invalid-country-code');
  // "+31 06 …": Dutch national numbers never start with 0, so the slip has one meaning.
  const dutch = /^31(?:0(?=[1-9]))?(.*)$/.exec(digits);
  if (dutch) {
    const national = dutch[1] ?? '';
    if (national === '') return refuse('too-short');
    if (national[0] !== '6') return refuse('not-a-dutch-mobile-number');
    return national.length === 9 ? { ok: true, e164: `+31${national}` } : refuse('dutch-number-length');
  }
  if (digits.length < DIGITS.min) return refuse('too-short');
  if (digits.length > DIGITS.max) return refuse('too-long');
  return { ok: true, e164: `+${digits}` };
}

/** The last two digits: all the pane shows of a number once it is stored. */
export function mobileLast2(e164: string): string {
  return e164.slice(-2);
}
