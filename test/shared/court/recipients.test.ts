// Which recipients are the court: by address domain only, never by display name.
import { decideRecipients, domainOf, isCourtAddress, type RecipientLike } from '../../../shared/court/recipients';

const r = (emailAddress: string, displayName = '', recipientType: string | undefined = 'user'): RecipientLike => ({ emailAddress, displayName, recipientType });

describe('court addresses', () => {
  it.each(['griffie@rechtspraak.nl', 'Griffie@RECHTSPRAAK.NL', ' griffie@rechtspraak.nl ', 'x@rb-amsterdam.rechtspraak.nl', 'x@a.b.rechtspraak.nl', 'x@rechtspraak.nl.'])(
    'treats %s as a court address',
    (address) => expect(isCourtAddress(address)).toBe(true),
  );

  it.each([
    'griffie@rechtspraak.nl.evil.example',
    'griffie@rechtspraak-nl.example',
    'griffie@notrechtspraak.nl',
    'rechtspraak.nl@evil.example',
    'griffie@rechtspraak.nl@evil.example',
    'griffie@rechtspraak.com',
    'rechtspraak.nl',
    '@rechtspraak.nl',
    '',
  ])('does not treat %s as a court address', (address) => expect(isCourtAddress(address)).toBe(false));

  it('takes the domain after the last @ only', () => {
    expect(domainOf('"a@rechtspraak.nl"@evil.example')).toBe('evil.example');
  });
});

describe('recipient decision', () => {
  it('finds court recipients in To, Cc and Bcc alike', () => {
    const to = [r('a@kantoor.nl')];
    const cc = [r('griffie@rechtspraak.nl')];
    const bcc = [r('team@rb-den-haag.rechtspraak.nl')];
    expect(decideRecipients([to, cc, bcc]).court.map((x) => x.emailAddress)).toEqual(['griffie@rechtspraak.nl', 'team@rb-den-haag.rechtspraak.nl']);
  });

  it('ignores display names that mention the court', () => {
    const decision = decideRecipients([[r('someone@evil.example', 'griffie@rechtspraak.nl')]]);
    expect(decision.court).toEqual([]);
  });

  it('flags contact groups and entries without an address for the user to check', () => {
    const decision = decideRecipients([[r('advocaten@kantoor.nl', 'Advocaten', 'distributionList'), r('', 'Mijn groep', 'other'), r('b@kantoor.nl')]]);
    expect(decision.unexpandable.map((x) => x.displayName)).toEqual(['Advocaten', 'Mijn groep']);
    expect(decision.court).toEqual([]);
  });
});
