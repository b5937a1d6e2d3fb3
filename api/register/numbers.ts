// The register's identifiers: BAR numbers of lawyers ("A" + digits) and KBvG numbers of bailiffs
// (format configured, see KBVG_NUMBER_PATTERN). Pure functions without Node built-ins, so they could
// move to shared/ for the add-in's "link your number" form.

export type RegisterKind = 'lawyer' | 'bailiff';
export type RegisterStatus = 'active' | 'removed';

export const REGISTER_KINDS: readonly RegisterKind[] = ['lawyer', 'bailiff'];
export const REGISTER_STATUSES: readonly RegisterStatus[] = ['active', 'removed'];

/** "A" followed by digits, as NOvA issues them (e.g. A12345). */
export const BAR_NUMBER = /^A[0-9]{1,10}$/;

/** Trimmed, upper-cased, all white space removed: " a 12 345 " → "A12345". */
export function normaliseRegisterNumber(input: string): string {
  return input.replace(/\s+/gu, '').toUpperCase();
}

/** Why a normalised number is not valid for its kind, or null when it is. */
export function registerNumberProblem(number: string, kind: RegisterKind, kbvgNumberPattern: RegExp): string | null {
  if (number === '') return 'number is empty';
  if (kind === 'lawyer') {
    if (BAR_NUMBER.test(number)) return null;
    if (/^[0-9]+$/.test(number)) return `number "${number}" is not a BAR number: it must start with the letter A (e.g. A${number})`;
    return `number "${number}" is not a BAR number: it must be the letter A followed by digits (e.g. A12345)`;
  }
  if (kbvgNumberPattern.test(number)) return null;
  return `number "${number}" is not a KBvG number: it does not match the configured format (KBVG_NUMBER_PATTERN ${kbvgNumberPattern.source})`;
}

export function isRegisterKind(value: string): value is RegisterKind {
  return (REGISTER_KINDS as readonly string[]).includes(value);
}

export function isRegisterStatus(value: string): value is RegisterStatus {
  return (REGISTER_STATUSES as readonly string[]).includes(value);
}
