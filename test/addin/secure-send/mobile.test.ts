// A guest's mobile number is checked in the pane before anything is encrypted, with the API's own
// rules: the pane's normaliser gives the answer api/two-factor/phone.ts gives, for every input.
import fc from 'fast-check';
import { normaliseMobile } from '../../../addin/secure-send/mobile';
import { normalisePhoneNumber } from '../../../api/two-factor/phone';

it.each([
  ['06 1234 5678', '+31612345678'],
  ['06-12345678', '+31612345678'],
  ['+31 6 12345678', '+31612345678'],
  ['+31 (0)6 1234 5678', '+31612345678'],
  ['0031612345678', '+31612345678'],
  ['+31 06 12345678', '+31612345678'],
  ['+32 470 12 34 56', '+32470123456'],
  ['+1 (202) 555-0143', '+12025550143'],
])('writes %s as %s', (typed, e164) => {
  expect(normaliseMobile(typed)).toEqual({ ok: true, e164 });
});

it.each([
  ['', 'empty'],
  ['   ', 'empty'],
  ['020 123 4567', 'not-a-dutch-mobile-number'],
  ['06 1234 567', 'dutch-number-length'],
  ['12345', 'missing-country-code'],
  ['+0 612345678', 'invalid-country-code'],
  ['06 12a4 5678', 'invalid-characters'],
  ['06+12345678', 'misplaced-plus'],
  ['+49 123', 'too-short'],
  ['+49 1234 5678 9012 345', 'too-long'],
  ['0'.repeat(41), 'too-long-input'],
])('refuses %j as %s', (typed, problem) => {
  expect(normaliseMobile(typed)).toEqual({ ok: false, problem });
});

it('answers as the API does, for typed numbers and for anything else', () => {
  const typedChar = fc.constantFrom(...'0123456789', '+', ' ', '-', '.', '(', ')', '\u00a0', '(0)', '06', '31', '00', 'x');
  const typed = fc.array(typedChar, { maxLength: 24 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(fc.oneof(typed, fc.string({ maxLength: 45 })), (input) => {
      expect(normaliseMobile(input)).toEqual(normalisePhoneNumber(input));
    }),
    { numRuns: 3000 },
  );
});
