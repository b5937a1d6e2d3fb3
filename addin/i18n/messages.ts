// User-facing texts, Dutch first and English second, chosen by Outlook's display language.

export type Language = 'nl' | 'en';

export function languageOf(tag: string): Language {
  return tag.toLowerCase().startsWith('en') ? 'en' : 'nl';
}

const messages = {
  nl: {
    appTitle: 'Zegel',
    tagline: 'Veilig mailen met de Rechtspraak',
    runningInOutlook: 'Verbonden met Outlook.',
    runningInBrowser: 'Zegel webapp',
    intro: 'Verstuur post voor de Rechtspraak versleuteld, met een ontvangstbewijs dat iedereen kan controleren.',
  },
  en: {
    appTitle: 'Zegel',
    tagline: 'Secure e-mail with de Rechtspraak',
    runningInOutlook: 'Connected to Outlook.',
    runningInBrowser: 'Zegel web app',
    intro: 'Send court correspondence encrypted, with a receipt anyone can verify.',
  },
} as const;

export type MessageKey = keyof (typeof messages)['nl'];

export function translate(language: Language, key: MessageKey): string {
  return messages[language][key];
}
