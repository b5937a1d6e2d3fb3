// What Secure send takes from Outlook. Office.js hands attachments to the pane as base64 in memory,
// and Exchange's default message limit is 25 MB; larger files go through the web app, which reads
// them from disk one chunk at a time.

/** Attachments plus body, in bytes, that the add-in encrypts in one go. */
export const ADDIN_MAX_TOTAL_BYTES = 25 * 1024 * 1024;

/** The API stores at most 52 parts: subject, body and manifest leave 49 for attachments. */
export const ADDIN_MAX_ATTACHMENTS = 49;

/** The API's limit on recipients of one message. */
export const ADDIN_MAX_RECIPIENTS = 50;

/** Pauses before each new attempt at a call that failed for a passing reason (network, 5xx, 429). */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [500, 1_500, 4_000];

/**
 * A file's size for people: kB below a tenth of a megabyte (whole, at least 1), else MB with one
 * decimal; comma or point as the language writes it.
 */
export function fileSize(bytes: number, language: 'nl' | 'en'): string {
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  if (bytes < 0.1 * 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024)).toLocaleString(locale)} kB`;
  const value = Math.round((bytes / (1024 * 1024)) * 10) / 10;
  return `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
}
