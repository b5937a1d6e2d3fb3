// The password rules of shared/crypto as the forms use them (loaded lazily: the common-password list).
import { checkPassword, PASSWORD_MESSAGES, type PasswordVerdict } from '../../shared/crypto/password-rules';
import type { Language } from '../i18n/messages';

export interface PasswordRules {
  check: (input: { password: string; email?: string }) => PasswordVerdict;
  /** The problem's text, Dutch or English, or null when the password is fine. */
  message: (verdict: PasswordVerdict, language: Language) => string | null;
}

export const passwordRules: PasswordRules = {
  check: (input) => checkPassword(input),
  message: (verdict, language) => (verdict.ok ? null : PASSWORD_MESSAGES[language][verdict.reason]),
};
