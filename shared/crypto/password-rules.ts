// Client-side password rules: the server only ever sees an auth value, so only the client can check the password.
//
// Rules (ASVS 5.0 6.2, NIST SP 800-63B): length in Unicode code points after NFC normalisation, 12 to 256;
// any Unicode, spaces and emoji included; no composition rules; no truncation or case folding (lowercasing
// below is only for comparing against lists, never for deriving keys); common passwords and passwords made
// only of context words (the product, the legal world, the user's own e-mail address) are refused.
import { COMMON_LITERALS, COMMON_WORDS, KEYBOARD_WALKS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'too-short' | 'too-long' | 'common' | 'context';
export type PasswordVerdict = { ok: true } | { ok: false; reason: PasswordProblem };
export type PasswordMessageLanguage = 'nl' | 'en';

export const PASSWORD_MESSAGES: Readonly<Record<PasswordMessageLanguage, Readonly<Record<PasswordProblem, string>>>> = {
  nl: {
    'too-short': `Gebruik minstens ${PASSWORD_MIN_LENGTH} tekens. Een zin van een paar woorden is makkelijk te onthouden.`,
    'too-long': `Gebruik hoogstens ${PASSWORD_MAX_LENGTH} tekens.`,
    common: 'Dit wachtwoord komt veel voor of is makkelijk te raden. Kies een ander, bijvoorbeeld een zin van een paar ongewone woorden.',
    context: 'Dit wachtwoord bestaat uit uw e-mailadres of uit woorden als „Zegel”, „advocaat” of „rechtspraak”. Kies een ander.',
  },
  en: {
    'too-short': `Use at least ${PASSWORD_MIN_LENGTH} characters. A sentence of a few words is easy to remember.`,
    'too-long': `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
    common: 'This password is common or easy to guess. Choose another, for example a sentence of a few unusual words.',
    context: 'This password is made of your e-mail address or of words such as "Zegel", "advocaat" or "rechtspraak". Choose another.',
  },
};

/** Words about the product and the legal world that an attacker targeting Zegel users tries first. */
const CONTEXT_WORDS: readonly string[] = [
  'zegel', 'advocaat', 'advocaten', 'advocatuur', 'advocatenkantoor', 'rechtspraak', 'rechtbank', 'gerechtshof',
  'deurwaarder', 'deurwaarders', 'griffie', 'griffier', 'rechter', 'justitie', 'notaris', 'kantoor',
];

/**
 * The form every password is used in: Unicode NFC (RFC 8265's OpaqueString profile), nothing else.
 * Keys are derived from this form, so a password typed as decomposed characters (macOS) or composed
 * ones (Windows) unlocks the same account.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** Length in Unicode code points after normalisation: an emoji counts once, not as two UTF-16 units. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

export function checkPassword(options: { password: string; email?: string }): PasswordVerdict {
  const password = normalizePassword(options.password);
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return { ok: false, reason: 'too-short' };
  if (length > PASSWORD_MAX_LENGTH) return { ok: false, reason: 'too-long' };
  const compact = password.toLowerCase().replace(/[\s._-]+/gu, '');
  const context = new Set([...CONTEXT_WORDS, ...emailWords(options.email)]);
  const cores = letterCores(compact);
  const email = (options.email ?? '').normalize('NFC').toLowerCase().trim().replace(/[\s._-]+/gu, '');
  if (email !== '' && compact === email) return { ok: false, reason: 'context' };
  let common = COMMON_LITERAL_SET.has(compact) || isTrivial(compact);
  for (const core of cores) {
    const split = splitIntoWords(core, context);
    if (split === 'context') return { ok: false, reason: 'context' };
    if (split === 'common') common = true;
  }
  return common ? { ok: false, reason: 'common' } : { ok: true };
}

const MIN_WORD = 3;
const COMMON_WORD_SET = new Set(COMMON_WORDS.filter((w) => w.length >= MIN_WORD));
const COMMON_LITERAL_SET = new Set(COMMON_LITERALS);
const WALKS = KEYBOARD_WALKS.flatMap((walk) => {
  const twice = walk + walk;
  return [twice, [...twice].reverse().join('')];
});

const LEET_I: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '!': 'i', '+': 't', '|': 'i', '€': 'e' };
const LEET_L: Readonly<Record<string, string>> = { ...LEET_I, '1': 'l', '!': 'l', '|': 'l' };

const lettersOnly = (text: string) => text.replace(/[^\p{L}\p{M}]+/gu, '');
const trimNonLetters = (text: string) => text.replace(/^[^\p{L}\p{M}]+|[^\p{L}\p{M}]+$/gu, '');
const unLeet = (text: string, map: Readonly<Record<string, string>>) => [...text].map((c) => map[c] ?? c).join('');

/**
 * The letters a password is "really" made of, under the variations people use to pass composition
 * rules: digits and punctuation appended or prepended, leetspeak, separators.
 */
function letterCores(compact: string): string[] {
  const cores = new Set<string>();
  for (const text of [compact, trimNonLetters(compact)]) {
    cores.add(lettersOnly(text));
    cores.add(lettersOnly(unLeet(text, LEET_I)));
    cores.add(lettersOnly(unLeet(text, LEET_L)));
  }
  cores.delete('');
  return [...cores];
}

/**
 * The user's address, its local part and domain labels (TLD left out), and every run of consecutive words
 * in them ("j.de-vries" gives "jdevries", "devries", "vries", ...), as letter cores.
 */
function emailWords(email: string | undefined): string[] {
  if (email === undefined) return [];
  const lower = email.normalize('NFC').toLowerCase().trim();
  const at = lower.lastIndexOf('@');
  const local = at < 0 ? lower : lower.slice(0, at);
  const labels = at < 0 ? [] : lower.slice(at + 1).split('.').slice(0, -1);
  const words = [lower];
  for (const part of [local, ...labels]) {
    const tokens = part.split(/[^\p{L}\p{M}]+/u).filter((t) => t !== '');
    for (let i = 0; i < tokens.length; i++) for (let j = i + 1; j <= tokens.length; j++) words.push(tokens.slice(i, j).join(''));
  }
  return words.map(lettersOnly).filter((w) => w.length >= MIN_WORD);
}

/**
 * Whether the whole core splits into known words: 'context' if a split exists and every split needs a
 * context word, 'common' if it splits into common words alone, 'no' otherwise.
 */
function splitIntoWords(core: string, context: ReadonlySet<string>): 'context' | 'common' | 'no' {
  const chars = [...core];
  const n = chars.length;
  // reachable[i]: chars[0..i) splits into words; commonOnly[i]: ... into common words alone.
  const reachable: boolean[] = [true];
  const commonOnly: boolean[] = [true];
  for (let end = 1; end <= n; end++) {
    reachable[end] = false;
    commonOnly[end] = false;
    for (let start = Math.max(0, end - 64); start <= end - MIN_WORD; start++) {
      if (!reachable[start]) continue;
      const word = chars.slice(start, end).join('');
      if (COMMON_WORD_SET.has(word)) {
        reachable[end] = true;
        if (commonOnly[start]) commonOnly[end] = true;
      } else if (context.has(word)) {
        reachable[end] = true;
      }
    }
  }
  if (commonOnly[n]) return 'common';
  return reachable[n] ? 'context' : 'no';
}

/** Too few distinct characters, one short unit repeated, a straight sequence, or a run along a keyboard walk. */
function isTrivial(compact: string): boolean {
  const chars = [...compact];
  if (new Set(chars).size < 4) return true;
  for (let unit = 1; unit <= 6; unit++) {
    if (chars.length % unit === 0 && chars.length / unit >= 2 && compact === chars.slice(0, unit).join('').repeat(chars.length / unit)) return true;
  }
  if (isSequence(chars)) return true;
  return WALKS.some((walk) => walk.includes(compact));
}

/** abcdefghijkl, 123456789012 (digits wrap 9 → 0), and the same descending. */
function isSequence(chars: string[]): boolean {
  const step = (a: string, b: string) => {
    const x = a.codePointAt(0) ?? 0;
    const y = b.codePointAt(0) ?? 0;
    if (/\d/.test(a) && /\d/.test(b)) return (((y - x) % 10) + 10) % 10 === 1 ? 1 : (((x - y) % 10) + 10) % 10 === 1 ? -1 : 0;
    return y - x === 1 ? 1 : x - y === 1 ? -1 : 0;
  };
  const first = chars.length > 1 ? step(chars[0] ?? '', chars[1] ?? '') : 0;
  if (first === 0) return false;
  for (let i = 1; i + 1 < chars.length; i++) if (step(chars[i] ?? '', chars[i + 1] ?? '') !== first) return false;
  return true;
}
