// What the user reads about the account's life after set-up: starting over when both the password and
// the recovery code are lost (re-enrolment), moving the account to the register's new address, and
// closing it. Dutch and English; the API returns these with its answers, the add-in shows them as is.
import type { Texts } from './messages';

/** Dates as people in the Netherlands read them, in Amsterdam time, whatever the machine's zone. */
export function formatWhen(at: Date, language: keyof Texts): string {
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(at);
}

export const RE_ENROLMENT_TEXTS = {
  requested: {
    nl:
      'Als er een account bij dit adres hoort, sturen wij een e-mail met een link om opnieuw te beginnen naar het adres dat in het register staat. ' +
      'Voor uw veiligheid kunt u pas na een wachttijd nieuwe sleutels maken; vanuit die e-mail kunt u de aanvraag ook annuleren.',
    en:
      'If an account belongs to this address, we send an e-mail with a link to start over to the address listed in the register. ' +
      'For your safety you can make new keys only after a waiting period; you can also cancel the request from that e-mail.',
  },
  oldMailUnreadable: {
    nl:
      'Let op: berichten die met uw oude sleutels zijn versleuteld, kunt u na het opnieuw beginnen niet meer openen. Niemand kan dat, ook wij niet. ' +
      'Vraag afzenders zo nodig om belangrijke berichten opnieuw te sturen.',
    en:
      'Please note: after starting over you can no longer open messages encrypted to your old keys. Nobody can, not even we. ' +
      'Where needed, ask senders to send important messages again.',
  },
  secondFactorAgain: {
    nl: 'Uw extra inlogmethoden worden verwijderd: stel na het inloggen opnieuw een authenticator-app of sms in. Uw beroepsnummer blijft gekoppeld.',
    en: 'Your additional login methods are removed: set up an authenticator app or SMS again after logging in. Your professional number stays linked.',
  },
  delegationsAgain: {
    nl: 'Toegang die u aan uw secretariaat had gegeven (delegaties), moet u daarna opnieuw verlenen.',
    en: 'Access you had granted to your secretariat (delegations) must be granted again afterwards.',
  },
  ready: { nl: 'De wachttijd is voorbij. U kunt nu een nieuw wachtwoord kiezen; uw nieuwe sleutels worden op dit apparaat gemaakt.', en: 'The waiting period is over. You can now choose a new password; your new keys are made on this device.' },
  completed: {
    nl: 'Uw account heeft nieuwe sleutels en een nieuw wachtwoord. Bewaar de nieuwe herstelcode goed. Alle sessies zijn beëindigd: log opnieuw in.',
    en: 'Your account has new keys and a new password. Keep the new recovery code safe. All sessions were ended: log in again.',
  },
  cancelled: { nl: 'De aanvraag om opnieuw te beginnen is geannuleerd. Er is niets veranderd aan uw account.', en: 'The request to start over was cancelled. Nothing about your account changed.' },
  invalid: { nl: 'Deze link is niet (meer) geldig. Vraag zo nodig opnieuw aan om opnieuw te beginnen.', en: 'This link is not valid (any more). Request to start over again if needed.' },
  registerChanged: {
    nl: 'Het register vermeldt bij uw beroepsnummer niet (meer) het adres van dit account, dus opnieuw beginnen kan hier niet. Gebruik de uitnodiging die naar het adres in het register is gestuurd.',
    en: "The register no longer lists this account's address with your professional number, so starting over is not possible here. Use the invitation sent to the address in the register.",
  },
} as const satisfies Record<string, Texts>;

export function coolingOffTexts(notBefore: Date, hours: number): Texts {
  return {
    nl: `Voor uw veiligheid geldt een wachttijd van ${hours} uur. Vanaf ${formatWhen(notBefore, 'nl')} opent u dezelfde link opnieuw en maakt u nieuwe sleutels. Was u dit niet? Annuleer dan via de link in de e-mail.`,
    en: `For your safety there is a waiting period of ${hours} hours. From ${formatWhen(notBefore, 'en')} (Amsterdam time) open the same link again and make new keys. Was this not you? Then cancel with the link in the e-mail.`,
  };
}

export const ADDRESS_MOVE_TEXTS = {
  notAllowed: {
    nl: 'Een account kan alleen verhuizen naar het adres dat het register nu bij uw gekoppelde beroepsnummer vermeldt, en alleen als dat een ander adres is dan het huidige. Controleer het adres.',
    en: 'An account can only move to the address the register now lists with your linked professional number, and only if that differs from the current one. Check the address.',
  },
  addressTaken: {
    nl: 'Voor dit adres bestaat al een Zegel-account. Log daarmee in en koppel daar uw beroepsnummer; de koppeling gaat dan over naar dat account. Berichten van dit account blijven alleen hier leesbaar.',
    en: 'A Zegel account already exists for this address. Log in with it and link your professional number there; the link then moves to that account. Messages of this account stay readable here only.',
  },
  codeInvalid: { nl: 'Deze code is niet juist of verlopen. Vraag een nieuwe aan.', en: 'This code is not correct or has expired. Request a new one.' },
} as const satisfies Record<string, Texts>;

export function addressMoveCodeSentTexts(email: string): Texts {
  return {
    nl: `We hebben een code gestuurd naar ${email}. Vul die hier in om uw account naar dat adres te verhuizen.`,
    en: `We sent a code to ${email}. Enter it here to move your account to that address.`,
  };
}

export function addressMovedTexts(email: string): Texts {
  return {
    nl: `Uw account is verhuisd naar ${email}. Log voortaan met dit adres in. Uw sleutels zijn niet veranderd: al uw berichten blijven leesbaar.`,
    en: `Your account has moved to ${email}. Log in with this address from now on. Your keys did not change: all your messages stay readable.`,
  };
}

export function accountClosedTexts(options: { keysDestroyed: boolean }): Texts[] {
  return [
    {
      nl: 'Uw account is opgeheven. Alle sessies zijn beëindigd en uw beroepsnummer is ontkoppeld; het kan opnieuw worden gekoppeld aan een nieuw account met het adres uit het register.',
      en: 'Your account is closed. All sessions were ended and your professional number was unlinked; it can be linked again to a new account with the address in the register.',
    },
    options.keysDestroyed
      ? { nl: 'Uw sleutels zijn vernietigd: berichten aan dit account kan niemand meer openen.', en: 'Your keys were destroyed: nobody can open messages to this account any more.' }
      : { nl: 'Uw versleutelde sleutels zijn bewaard. Wij kunnen ze niet openen.', en: 'Your encrypted keys were kept. We cannot open them.' },
  ];
}
