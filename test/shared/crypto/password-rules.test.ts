// Password rules the client enforces (the server never sees the password): length in code points, no composition rules, no common or context passwords.
import { PASSWORD_MESSAGES, checkPassword, passwordLength, type PasswordProblem } from '../../../shared/crypto/password-rules';
import { derivePasswordKeys } from '../../../shared/crypto/kdf';
import { TEST_FLOOR, testKdfParams } from './helpers';

const EMAIL = 'j.de-vries@vries-advocaten.nl';
const verdict = (password: string, email: string | undefined = EMAIL) => checkPassword({ password, email });
const refused = (reason: PasswordProblem) => ({ ok: false, reason });

describe('password length', () => {
  it('refuses 11 code points and accepts 12', () => {
    expect(verdict('tafel lamp 7')).toEqual({ ok: true });
    expect(verdict('tafel lamp 7'.slice(0, 11))).toEqual(refused('too-short'));
  });

  it('counts an emoji as one character, not two UTF-16 units: 12 emoji are 12', () => {
    const twelve = '🦊🐙🌵🚲🎻🧀🍄🪁🧭🛶🦉🍋';
    expect(twelve.length).toBe(24);
    expect(passwordLength(twelve)).toBe(12);
    expect(verdict(twelve)).toEqual({ ok: true });
    expect(verdict([...twelve].slice(0, 11).join(''))).toEqual(refused('too-short'));
  });

  it('counts after NFC normalisation: a decomposed é is one character', () => {
    const composed = 'ééééééééééé1';
    expect(passwordLength(composed.normalize('NFD'))).toBe(12);
    expect(composed.normalize('NFD').length).toBe(23);
  });

  it('accepts 64 characters, and up to 256', () => {
    const sixtyFour = 'Het is een zonnige dag in Zwolle, en de koffie in de kantine is op';
    expect([...sixtyFour.slice(0, 64)]).toHaveLength(64);
    expect(verdict(sixtyFour.slice(0, 64))).toEqual({ ok: true });
    const long = Array.from({ length: 256 }, (_, i) => 'kwzpq7xv'[i % 8]! + (i % 7 === 0 ? ' ' : '')).join('').slice(0, 256);
    expect(verdict(long)).toEqual({ ok: true });
    expect(verdict(`${long}x`)).toEqual(refused('too-long'));
  });

  it('accepts spaces and any Unicode', () => {
    expect(verdict('  spaties  aan beide kanten  ')).toEqual({ ok: true });
    expect(verdict('Ğüñéş çîçëk ŝţăř')).toEqual({ ok: true });
    expect(verdict('пароль для суда 7')).toEqual({ ok: true });
    expect(verdict('🦊 vos in de 🌵 cactus')).toEqual({ ok: true });
  });
});

describe('composition', () => {
  it('has no composition rules: "correcthorsebatterystaple" is accepted', () => {
    expect(verdict('correcthorsebatterystaple')).toEqual({ ok: true });
    expect(verdict('alleen kleine letters hier')).toEqual({ ok: true });
  });

  it.each(['Bolletje slaapt op de bank', 'groene thee met honing 3x', 'vier ijsberen op een fiets', 'Tr0ub4dor&3 paard', 'mijn hond heet Kwispel!'])(
    'accepts the ordinary passphrase %j (the lists do not swallow real sentences)',
    (password) => expect(verdict(password)).toEqual({ ok: true }),
  );
});

describe('common passwords', () => {
  it.each([
    'password1234',
    'Password2024!',
    'P@ssw0rd1234',
    'passwordpassword',
    'Welkom123456',
    'wachtwoord2024',
    'qwerty123456',
    'qwertyuiopasdf',
    '1q2w3e4r5t6y',
    '123456789012',
    '098765432109',
    'abcdefghijkl',
    'aaaaaaaaaaaa',
    'abababababab',
    '123123123123',
    'iloveyouforever',
    'ILoveYou1234!',
    'letmein letmein',
    'football2024!!',
    'Feyenoord1908!',
    'zomer2024zomer',
    'Voetbal-Ajax-2024',
  ])('refuses %s', (password) => {
    expect(verdict(password)).toEqual(refused('common'));
  });
});

describe('context words', () => {
  it.each([
    'rechtspraak2024!',
    'advocaat-advocaat',
    'Zegel Zegel Zegel',
    'zegel123456789',
    'deurwaarder2024',
    'Griffie!Griffie!',
    'R3chtspr44k2024',
    'advocaatzegel99',
    'zegelpassword2024',
    EMAIL,
    EMAIL.toUpperCase(),
    'j.de-vries2024!',
    'devries-devries',
    'vriesadvocaten2024',
  ])('refuses %s', (password) => {
    expect(verdict(password)).toEqual(refused('context'));
  });

  it('accepts a sentence that merely contains a context word', () => {
    expect(verdict('de advocaat fietst naar Zwolle')).toEqual({ ok: true });
  });

  it('refuses twelve spaces as common, with or without an e-mail address', () => {
    expect(checkPassword({ password: ' '.repeat(12) })).toEqual(refused('common'));
    expect(checkPassword({ password: ' '.repeat(12), email: '' })).toEqual(refused('common'));
  });

  it('does not refuse the e-mail words of another user', () => {
    expect(checkPassword({ password: 'devries-devries', email: 'a.bakker@kantoor-bakker.nl' })).toEqual({ ok: true });
  });
});

describe('messages', () => {
  it('has a Dutch and an English message for every reason', () => {
    const reasons: PasswordProblem[] = ['too-short', 'too-long', 'common', 'context'];
    for (const language of ['nl', 'en'] as const) {
      for (const reason of reasons) expect(PASSWORD_MESSAGES[language][reason].length).toBeGreaterThan(10);
    }
    expect(PASSWORD_MESSAGES.nl['too-short']).toContain('12');
  });
});

describe('no truncation', () => {
  it('derives a different auth value for passwords that differ only at a late position', async () => {
    const params = testKdfParams();
    const base = 'een lange zin '.repeat(8);
    const late = `${base.slice(0, 100)}X${base.slice(101)}`;
    expect(verdict(base)).toEqual({ ok: true });
    const [a, b] = await Promise.all([base, late].map((password) => derivePasswordKeys({ password, params, floor: TEST_FLOOR })));
    expect(a!.authValue).not.toBe(b!.authValue);
  });
});
