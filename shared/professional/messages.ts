// What the user reads about linking a BAR/KBvG number and the Rechtspraak connection, Dutch and
// English. The API puts these texts in its answers and the add-in can show the same ones offline
// (form checks before sending). Plain words, no internal codes; never whose number something is.
import type { NumberProblem, ProfessionalKind } from './numbers';

export interface Texts {
  nl: string;
  en: string;
}

const EXAMPLE_BAR = 'A12345';

function registerNames(kind: ProfessionalKind) {
  return kind === 'lawyer'
    ? { nlNumber: 'BAR-nummer', enNumber: 'BAR number', nlWhere: 'uw BAR-gegevens bij de NOvA', enWhere: 'your BAR data at the NOvA' }
    : { nlNumber: 'KBvG-nummer', enNumber: 'KBvG number', nlWhere: 'het register van de KBvG', enWhere: 'the KBvG register' };
}

/** The form's messages, one per problem, in the words of the number's kind. */
export function numberProblemTexts(problem: NumberProblem, kind: ProfessionalKind): Texts {
  const n = registerNames(kind);
  switch (problem) {
    case 'empty':
      return { nl: `Vul uw ${n.nlNumber} in.`, en: `Enter your ${n.enNumber}.` };
    case 'missing-letter-a':
      return {
        nl: `Vermeld de letter “A”: een BAR-nummer begint met de letter A, gevolgd door cijfers (bijvoorbeeld ${EXAMPLE_BAR}).`,
        en: `Include the letter “A”: a BAR number starts with the letter A, followed by digits (for example ${EXAMPLE_BAR}).`,
      };
    case 'wrong-letter':
      return {
        nl: `Een BAR-nummer begint met de letter A, niet met een andere letter (bijvoorbeeld ${EXAMPLE_BAR}).`,
        en: `A BAR number starts with the letter A, not with another letter (for example ${EXAMPLE_BAR}).`,
      };
    case 'not-digits-after-a':
      return { nl: `Na de letter A volgen alleen cijfers (bijvoorbeeld ${EXAMPLE_BAR}).`, en: `The letter A is followed by digits only (for example ${EXAMPLE_BAR}).` };
    case 'invalid-characters':
      return kind === 'lawyer'
        ? { nl: 'Gebruik alleen de letter A en cijfers; laat streepjes, punten en andere tekens weg.', en: 'Use only the letter A and digits; leave out dashes, dots and other characters.' }
        : { nl: 'Een KBvG-nummer bevat geen streepjes, punten of andere tekens; laat die weg.', en: 'A KBvG number has no dashes, dots or other characters; leave them out.' };
    case 'too-long':
      return { nl: `Dit nummer is te lang voor een ${n.nlNumber}. Controleer het in ${n.nlWhere}.`, en: `This is too long for a ${n.enNumber}. Check it in ${n.enWhere}.` };
    case 'looks-like-bar-number':
      return {
        nl: 'Dit lijkt een BAR-nummer (voor advocaten). Als gerechtsdeurwaarder vult u uw KBvG-nummer in.',
        en: 'This looks like a BAR number (for lawyers). As a bailiff, enter your KBvG number.',
      };
    case 'kbvg-format':
      return { nl: 'Dit is geen geldig KBvG-nummer. Controleer het nummer in uw registratie bij de KBvG.', en: 'This is not a valid KBvG number. Check the number in your KBvG registration.' };
    case 'confirmation-mismatch':
      return {
        nl: `De twee nummers zijn niet gelijk. Typ uw ${n.nlNumber} twee keer op dezelfde manier.`,
        en: `The two numbers are not the same. Type your ${n.enNumber} the same way twice.`,
      };
  }
}

/**
 * The one answer for a number the register does not list with the user's address: unknown, removed,
 * someone else's — the user learns only what to do, never which of these it was.
 */
export function notMatchedTexts(kind: ProfessionalKind): Texts {
  const n = registerNames(kind);
  return {
    nl:
      `Dit ${n.nlNumber} staat in het register niet bij het e-mailadres van dit account. Controleer het nummer. ` +
      `Is het uw nummer? Wijzig dan het e-mailadres in ${n.nlWhere} in het adres van dit account, of maak een account aan met het adres dat daar staat. ` +
      'Na een wijziging krijgt u binnen enkele werkdagen een nieuwe uitnodiging; koppel uw nummer daarna opnieuw.',
    en:
      `This ${n.enNumber} is not listed in the register with this account's e-mail address. Check the number. ` +
      `Is it yours? Then change the e-mail address in ${n.enWhere} to this account's address, or create an account with the address listed there. ` +
      'After a change you receive a new invitation within a few business days; then link your number again.',
  };
}

export const LINK_TEXTS = {
  secondFactorFirst: {
    nl: 'Stel eerst een extra inlogmethode in (authenticator-app of sms). Daarna kunt u uw beroepsnummer koppelen.',
    en: 'Set up an additional login method first (authenticator app or SMS). Then you can link your professional number.',
  },
  alreadyLinked: {
    nl: 'Dit account is al gekoppeld aan een beroepsnummer. Wilt u een ander nummer koppelen? Ontkoppel dan eerst het huidige.',
    en: 'This account is already linked to a professional number. Want to link another number? Unlink the current one first.',
  },
  notLinked: { nl: 'Dit account is niet gekoppeld aan een beroepsnummer.', en: 'This account is not linked to a professional number.' },
  linked: { nl: 'Uw beroepsnummer is gekoppeld.', en: 'Your professional number is linked.' },
  unlinked: {
    nl: 'Uw beroepsnummer is ontkoppeld. U kunt niet meer veilig mailen met de Rechtspraak totdat u het opnieuw koppelt.',
    en: 'Your professional number was unlinked. You cannot e-mail the courts securely until you link it again.',
  },
} as const satisfies Record<string, Texts>;

export type ConnectionProblem = 'second-factor-missing' | 'not-linked' | 'email-changed' | 'entry-removed';

/** The matching-status page ("Matching with occupational group number (BAR/KBvG)"). */
export function connectionTexts(options: { active: boolean; problems: readonly ConnectionProblem[]; kind: ProfessionalKind | null }): Texts[] {
  const n = registerNames(options.kind ?? 'lawyer');
  if (options.active) {
    return [
      {
        nl: `Uw account is gekoppeld aan uw ${n.nlNumber}. De verbinding met de Rechtspraak is actief: u kunt veilig mailen met de Rechtspraak.`,
        en: `Your account is linked to your ${n.enNumber}. The Rechtspraak connection is active: you can e-mail the courts securely.`,
      },
    ];
  }
  const lines: Texts[] = [{ nl: 'De verbinding met de Rechtspraak is niet actief.', en: 'The Rechtspraak connection is not active.' }];
  for (const problem of options.problems) {
    if (problem === 'second-factor-missing') lines.push(LINK_TEXTS.secondFactorFirst);
    if (problem === 'not-linked') {
      lines.push({
        nl: 'Koppel uw BAR-nummer (advocaten, met de letter A) of KBvG-nummer (gerechtsdeurwaarders): vul het in en bevestig het.',
        en: 'Link your BAR number (lawyers, with the letter A) or KBvG number (bailiffs): enter it and confirm it.',
      });
    }
    if (problem === 'email-changed') {
      lines.push({
        nl:
          `Het register vermeldt bij uw ${n.nlNumber} nu een ander e-mailadres dan dat van dit account. Daarom is de koppeling opgeschort. ` +
          `Is het nieuwe adres van u? Verhuis dan dit account naar dat adres (Beveiliging → Account verhuizen); uw berichten blijven leesbaar. ` +
          `Klopt het nieuwe adres niet? Zet dan in ${n.nlWhere} het adres van dit account terug; de koppeling herstelt zich daarna vanzelf.`,
        en:
          `The register now lists another e-mail address with your ${n.enNumber} than this account's. The link is therefore suspended. ` +
          `Is the new address yours? Then move this account to that address (Security → Move account); your messages stay readable. ` +
          `Is the new address wrong? Then put this account's address back in ${n.enWhere}; the link is restored by itself afterwards.`,
      });
    }
    if (problem === 'entry-removed') {
      lines.push({
        nl: `Uw ${n.nlNumber} staat niet (meer) als actief in het register. Daarom is de koppeling opgeschort. Neem contact op met ${kindAuthority(options.kind)}; zodra het register u weer vermeldt, herstelt de koppeling zich vanzelf.`,
        en: `Your ${n.enNumber} is not (or no longer) listed as active in the register. The link is therefore suspended. Contact ${kindAuthorityEn(options.kind)}; as soon as the register lists you again, the link is restored by itself.`,
      });
    }
  }
  return lines;
}

function kindAuthority(kind: ProfessionalKind | null): string {
  return kind === 'bailiff' ? 'de KBvG' : 'de NOvA';
}

function kindAuthorityEn(kind: ProfessionalKind | null): string {
  return kind === 'bailiff' ? 'the KBvG' : 'the NOvA';
}
