// Phone numbers for SMS in the API: the rules live in shared/phone/numbers.ts (the add-in checks with
// the same module); here the English reasons and the refusal as an AppError.
import { AppError } from '../../shared/errors';
import { normalisePhoneNumber, type PhoneProblem } from '../../shared/phone/numbers';

export { isE164, normalisePhoneNumber, phoneLast2, type PhoneProblem, type PhoneResult } from '../../shared/phone/numbers';

/** Safe to show: none of these repeats the number. */
export const PHONE_PROBLEM_TEXT: Readonly<Record<PhoneProblem, string>> = Object.freeze({
  'empty': 'Enter a mobile phone number.',
  'too-long-input': 'This is too long to be a phone number.',
  'invalid-characters': 'A phone number may contain only digits, spaces, "+", "-", "." and brackets.',
  'misplaced-plus': 'A "+" may only stand at the start, before the country code.',
  'missing-country-code': 'Start a number from outside the Netherlands with "+" and the country code.',
  'invalid-country-code': 'A country code never starts with 0.',
  'too-short': 'This number has too few digits.',
  'too-long': 'This number has too many digits (at most 15, country code included).',
  'dutch-number-length': 'A Dutch mobile number has 10 digits: 06 and 8 more.',
  'not-a-dutch-mobile-number': 'A Dutch number must be a mobile number (06…): other numbers cannot receive SMS.',
});

/** Like normalisePhoneNumber, but refuses with PHONE_INVALID and the precise reason as a detail at `path`. */
export function requirePhoneNumber(input: string, path = 'phone'): string {
  const result = normalisePhoneNumber(input);
  if (!result.ok) throw new AppError('PHONE_INVALID', { details: [{ path, problem: PHONE_PROBLEM_TEXT[result.problem] }] });
  return result.e164;
}
