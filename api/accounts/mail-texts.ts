// Account e-mails, Dutch first and English second. They never contain a password, a key or the
// recovery code; links carry their single-use secret in the URL fragment, which no server logs.

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  kind: string;
}

export function verificationMail(options: { to: string; code: string; link: string }): OutgoingMail {
  return {
    to: options.to,
    kind: 'account.verify',
    subject: 'Bevestig uw e-mailadres voor Zegel / Confirm your e-mail address for Zegel',
    text: [
      'Bevestig dat dit uw e-mailadres is om uw Zegel-account te activeren.',
      `Open deze link: ${options.link}`,
      `Of typ deze code in het Zegel-venster: ${options.code}`,
      'De code werkt één keer en verloopt over 24 uur. Heeft u zich niet aangemeld? Dan kunt u deze e-mail negeren.',
      '',
      'Confirm that this is your e-mail address to activate your Zegel account.',
      `Open this link: ${options.link}`,
      `Or type this code in the Zegel pane: ${options.code}`,
      'The code works once and expires in 24 hours. Did not sign up? Then you can ignore this e-mail.',
    ].join('\n'),
  };
}

export function alreadyRegisteredMail(options: { to: string; loginLink: string }): OutgoingMail {
  return {
    to: options.to,
    kind: 'account.exists',
    subject: 'U heeft al een Zegel-account / You already have a Zegel account',
    text: [
      'Iemand probeerde een Zegel-account aan te maken met dit adres, maar u heeft er al een.',
      `Log in via ${options.loginLink}. Wachtwoord vergeten? Gebruik daar uw herstelcode.`,
      'Was u dit niet? Dan hoeft u niets te doen.',
      '',
      'Someone tried to create a Zegel account with this address, but you already have one.',
      `Log in at ${options.loginLink}. Forgot your password? Use your recovery code there.`,
      'Was this not you? Then you need not do anything.',
    ].join('\n'),
  };
}

export function activatedMail(options: { to: string; shownAt: Date }): OutgoingMail {
  const when = options.shownAt.toISOString().replace('T', ' ').slice(0, 16);
  return {
    to: options.to,
    kind: 'account.activated',
    subject: 'Uw Zegel-account is actief / Your Zegel account is active',
    text: [
      'Uw Zegel-account is geactiveerd.',
      `Uw herstelcode is op ${when} (UTC) één keer getoond in het Zegel-venster. Wij sturen hem nooit per e-mail.`,
      'Bewaar hem goed: u heeft hem nodig als u uw wachtwoord vergeet. Kwijt? Maak onder Beveiliging een nieuwe aan.',
      'Volgende stap: stel een extra inlogmethode in (authenticator-app of sms).',
      '',
      'Your Zegel account is active.',
      `Your recovery code was shown once in the Zegel pane on ${when} (UTC). We never send it by e-mail.`,
      'Keep it safe: you need it if you forget your password. Lost it? Create a new one under Security.',
      'Next step: set up an additional login method (authenticator app or SMS).',
    ].join('\n'),
  };
}

export type SecurityEvent =
  | 'factor-added-totp'
  | 'factor-added-sms'
  | 'factor-removed-totp'
  | 'factor-removed-sms'
  | 'phone-changed'
  | 'backup-codes-regenerated'
  | 'backup-code-used'
  | 'password-changed'
  | 'password-reset'
  | 'recovery-code-replaced'
  | 'totp-replayed';

const SECURITY_EVENT_TEXT: Record<SecurityEvent, { nl: string; en: string }> = {
  'factor-added-totp': { nl: 'Er is een authenticator-app toegevoegd als inlogmethode.', en: 'An authenticator app was added as a login method.' },
  'factor-added-sms': { nl: 'Er is sms toegevoegd als inlogmethode.', en: 'SMS was added as a login method.' },
  'factor-removed-totp': { nl: 'De authenticator-app is verwijderd als inlogmethode.', en: 'The authenticator app was removed as a login method.' },
  'factor-removed-sms': { nl: 'Sms is verwijderd als inlogmethode.', en: 'SMS was removed as a login method.' },
  'phone-changed': { nl: 'Het telefoonnummer voor sms-codes is gewijzigd.', en: 'The phone number for SMS codes was changed.' },
  'backup-codes-regenerated': { nl: 'Er zijn nieuwe back-upcodes gemaakt; de oude werken niet meer.', en: 'New backup codes were made; the old ones no longer work.' },
  'backup-code-used': { nl: 'Er is met een back-upcode ingelogd. Stel uw extra inlogmethode opnieuw in als u uw telefoon kwijt bent.', en: 'A backup code was used to log in. Set up your additional login method again if you lost your phone.' },
  'password-changed': { nl: 'Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.', en: 'Your password was changed. Your other sessions were ended.' },
  'password-reset': { nl: 'Uw wachtwoord is opnieuw ingesteld met uw herstelcode. Alle sessies zijn beëindigd en u heeft een nieuwe herstelcode gekregen.', en: 'Your password was reset with your recovery code. All sessions were ended and you got a new recovery code.' },
  'recovery-code-replaced': { nl: 'Er is een nieuwe herstelcode gemaakt; de oude werkt niet meer.', en: 'A new recovery code was made; the old one no longer works.' },
  'totp-replayed': { nl: 'Iemand probeerde een al gebruikte code uit uw authenticator-app opnieuw te gebruiken.', en: 'Someone tried to reuse a code from your authenticator app that was already used.' },
};

/** Every change to how the account is secured is told to the account's address (ASVS 6.3.7). */
export function securityNoticeMail(options: { to: string; event: SecurityEvent; at: Date }): OutgoingMail {
  const when = options.at.toISOString().replace('T', ' ').slice(0, 16);
  const text = SECURITY_EVENT_TEXT[options.event];
  return {
    to: options.to,
    kind: `security.${options.event}`,
    subject: 'Beveiliging van uw Zegel-account / Security of your Zegel account',
    text: [
      `${text.nl} (${when} UTC)`,
      'Was u dit niet? Wijzig direct uw wachtwoord en neem contact met ons op.',
      '',
      `${text.en} (${when} UTC)`,
      'Was this not you? Change your password right away and contact us.',
    ].join('\n'),
  };
}
