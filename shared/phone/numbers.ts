// Phone numbers for SMS, one E.164 spelling per number: the API binds codes and counts send limits on
// it, and the add-in checks a guest's mobile number with the same rules before anything is encrypted.
// Refusals name the reason, never the input. Pure: no imports, so both sides use this one module.

export type PhoneProblem =
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

export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: PhoneProblem };

/** What a real person types: digits, spaces, +, -, ., (, ), and a non-breaking or thin space. */
const ALLOWED = /^[0-9+\-.() \u00a0\u2009\u202f]*$/;
const MAX_INPUT_LENGTH = 40;
/** E.164: at most 15 digits including the country code. Shorter than 7 is no subscriber number. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

/**
 * Normalises a typed number to E.164. Without "+" or "00" the number is read as Dutch (06 12345678).
 * Dutch numbers must be mobile (+316 and 8 digits). Other countries are accepted on shape alone:
 * their numbering plans are not checked, and VoIP numbers cannot be recognised anywhere (SMS.md).
 */
export function normalisePhoneNumber(input: string): PhoneResult {
  if (input.length > MAX_INPUT_LENGTH) return { ok: false, problem: 'too-long-input' };
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };
  if (!ALLOWED.test(trimmed)) return { ok: false, problem: 'invalid-characters' };
  if (trimmed.lastIndexOf('+') > 0) return { ok: false, problem: 'misplaced-plus' };

  // "+31 (0)6 …": the bracketed 0 is the national trunk prefix that is not dialled from abroad.
  const compact = trimmed.replace(/\(0\)/g, '').replace(/[^0-9+]/g, '');
  let international: string;
  if (compact.startsWith('+')) international = compact.slice(1);
  else if (compact.startsWith('00')) international = compact.slice(2);
  else if (compact.startsWith('0')) international = `31${compact.slice(1)}`;
  else return { ok: false, problem: compact === '' ? 'empty' : 'missing-country-code' };

  if (international === '') return { ok: false, problem: 'too-short' };
  if (international.startsWith('0')) return { ok: false, problem: 'invalid-country-code' };
  // "+31 06 …" is a common slip with a single meaning (Dutch national numbers never start with 0).
  if (/^310[1-9]/.test(international)) international = `31${international.slice(3)}`;

  if (international.startsWith('31')) {
    const national = international.slice(2);
    if (national === '') return { ok: false, problem: 'too-short' };
    if (!national.startsWith('6')) return { ok: false, problem: 'not-a-dutch-mobile-number' };
    if (national.length !== 9) return { ok: false, problem: 'dutch-number-length' };
    return { ok: true, e164: `+${international}` };
  }
  if (international.length < MIN_DIGITS) return { ok: false, problem: 'too-short' };
  if (international.length > MAX_DIGITS) return { ok: false, problem: 'too-long' };
  return { ok: true, e164: `+${international}` };
}

/** A strict check for numbers that should already be normalised (e.g. what the gateway is given). */
export function isE164(value: string): boolean {
  return /^\+[1-9][0-9]{6,14}$/.test(value);
}

/** The last two digits: all that logs and status answers may show of a number. */
export function phoneLast2(e164: string): string {
  return e164.slice(-2);
}
