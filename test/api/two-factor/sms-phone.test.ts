// Phone numbers for SMS: the spellings people type become one E.164 form; refusals say exactly why.
import { isE164, normalisePhoneNumber, phoneLast2, PHONE_PROBLEM_TEXT, requirePhoneNumber, type PhoneProblem } from '../../../api/two-factor/phone';
import { AppError } from '../../../shared/errors';

describe('normalisePhoneNumber', () => {
  it.each([
    '06 12345678',
    '0612345678',
    '06-12345678',
    '06-1234 5678',
    '+31 6 1234 5678',
    '+31612345678',
    '0031612345678',
    '0031 6 12 34 56 78',
    '+31 (0)6 12345678',
    '+31 06 12345678',
    '(06) 123.456.78',
    '  06\u00a012345678  ',
  ])('reads %j as +31612345678', (input) => {
    expect(normalisePhoneNumber(input)).toEqual({ ok: true, e164: '+31612345678' });
  });

  it.each([
    ['+49 151 12345678', '+4915112345678'],
    ['0049 151 12345678', '+4915112345678'],
    ['+32 470 12 34 56', '+32470123456'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['+1 (415) 555-0123', '+14155550123'],
    ['+290 51234', '+29051234'],
  ])('accepts other countries with + or 00: %j', (input, e164) => {
    expect(normalisePhoneNumber(input)).toEqual({ ok: true, e164 });
  });

  it.each<[string, PhoneProblem]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['-- ()', 'empty'],
    ['x'.repeat(41), 'too-long-input'],
    ['06 1234 567a', 'invalid-characters'],
    ['06 1234\n5678', 'invalid-characters'],
    ['06 1234\t5678', 'invalid-characters'],
    ['06 12345678 ext 5', 'invalid-characters'],
    ['+31612345678; drop', 'invalid-characters'],
    ['06+12345678', 'misplaced-plus'],
    ['++31612345678', 'misplaced-plus'],
    ['612345678', 'missing-country-code'],
    ['4915112345678', 'missing-country-code'],
    ['+0612345678', 'invalid-country-code'],
    ['000612345678', 'invalid-country-code'],
    ['+', 'too-short'],
    ['+49 1234', 'too-short'],
    ['+49 1234 5678 9012 34', 'too-long'],
    ['06 1234567', 'dutch-number-length'],
    ['06 123456789', 'dutch-number-length'],
    ['+31 6', 'dutch-number-length'],
    ['+31', 'too-short'],
    ['020 123 4567', 'not-a-dutch-mobile-number'],
    ['+31 20 123 4567', 'not-a-dutch-mobile-number'],
    ['0800 1234', 'not-a-dutch-mobile-number'],
  ])('refuses %j: %s', (input, problem) => {
    expect(normalisePhoneNumber(input)).toEqual({ ok: false, problem });
  });

  it('has a message for every problem, none quoting a number', () => {
    for (const text of Object.values(PHONE_PROBLEM_TEXT)) {
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toMatch(/[0-9]{7}/);
    }
  });
});

describe('requirePhoneNumber', () => {
  it('returns the E.164 form', () => {
    expect(requirePhoneNumber('06 12345678')).toBe('+31612345678');
  });

  it('throws PHONE_INVALID naming the field and the reason, never the value', () => {
    let error: unknown;
    try {
      requirePhoneNumber('020 123 4567', 'body.phone');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('PHONE_INVALID');
    expect(appError.details).toEqual([{ path: 'body.phone', problem: PHONE_PROBLEM_TEXT['not-a-dutch-mobile-number'] }]);
    expect(JSON.stringify(appError.toBody())).not.toContain('123 4567');
  });
});

it('isE164 and phoneLast2', () => {
  expect(isE164('+31612345678')).toBe(true);
  expect(isE164('+3161234')).toBe(true);
  expect(isE164('+0612345678')).toBe(false);
  expect(isE164('0612345678')).toBe(false);
  expect(isE164('+1234567890123456')).toBe(false);
  expect(phoneLast2('+31612345678')).toBe('78');
});
