// Finds out where the app runs: inside Outlook (Office.js present and a mailbox host) or as a plain
// web app. Office.js calls stay in this folder; components get plain values and capabilities.

export interface HostInfo {
  kind: 'outlook' | 'browser';
  /** BCP 47 tag of Outlook's display language, or the browser's language outside Outlook. */
  displayLanguage: string;
  /** Office's theme is dark (mapped onto the app's dark theme). */
  dark: boolean;
}

const OFFICE_READY_TIMEOUT_MS = 5000;

function browserLanguage(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'nl-NL';
}

function isDarkColour(hex: string | undefined): boolean {
  if (!hex || !/^#?[0-9a-f]{6}$/i.test(hex)) return false;
  const value = parseInt(hex.replace('#', ''), 16);
  const luminance = (0.2126 * ((value >> 16) & 255) + 0.7152 * ((value >> 8) & 255) + 0.0722 * (value & 255)) / 255;
  return luminance < 0.5;
}

export function detectHost(): Promise<HostInfo> {
  const fallback: HostInfo = { kind: 'browser', displayLanguage: browserLanguage(), dark: false };
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return Promise.resolve(fallback);
  const ready = Office.onReady().then((info): HostInfo => {
    if (info.host !== Office.HostType.Outlook) return fallback;
    const theme = Office.context.officeTheme as Office.OfficeTheme | undefined;
    return {
      kind: 'outlook',
      displayLanguage: Office.context.displayLanguage || fallback.displayLanguage,
      dark: isDarkColour(theme?.bodyBackgroundColor),
    };
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<HostInfo>((resolve) => {
    timer = setTimeout(() => resolve(fallback), OFFICE_READY_TIMEOUT_MS);
  });
  return Promise.race([ready, timeout]).finally(() => clearTimeout(timer));
}
