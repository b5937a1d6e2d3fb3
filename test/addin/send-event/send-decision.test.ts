// The pure rules behind OnMessageSend (shared/court): which recipients are the court, which must be
// checked by the user, and when a checked group may pass.
import { addressPart, decideRecipients, isCourtAddress, type RecipientLike } from '../../../shared/court/recipients';
import { decideSend, describeRecipients, groupsFingerprint } from '../../../shared/court/send-decision';

const r = (emailAddress: string, displayName = '', recipientType: string | undefined = 'externalUser'): RecipientLike => ({ emailAddress, displayName, recipientType });
const group = r('', 'Procespartijen', 'other');
const list = r('sectie@kantoor.nl', 'Sectie', 'distributionList');

describe('court addresses (address part only)', () => {
  it.each([
    'griffie@rechtspraak.nl',
    'GRIFFIE@Rechtspraak.NL',
    'team@rb-den-haag.rechtspraak.nl',
    'griffie@rechtspraak.nl.',
    'Griffie <griffie@rechtspraak.nl>',
    'griffie@ｒｅｃｈｔｓｐｒａａｋ．ｎｌ',
    'griffie@rechtspraak。nl',
    'griffie@recht\u00adspraak.nl',
    'griffie@rechtspraak.nl\u200b',
  ])('%j is the court', (address) => expect(isCourtAddress(address)).toBe(true));

  it.each([
    'griffie@rechtspraak.nl.evil.example',
    'griffie@rechtspraak-nl.example',
    'griffie@notrechtspraak.nl',
    'rechtspraak.nl@evil.example',
    'griffie@rechtspraak.nl@evil.example',
    '"griffie@rechtspraak.nl" <x@evil.example>',
    'griffie@-rechtspraak.nl',
    'griffie@rechtspraak.nl evil.example',
  ])('%j is not the court', (address) => expect(isCourtAddress(address)).toBe(false));

  it('takes the address out of a display-name form', () => {
    expect(addressPart('Griffie Rechtbank <griffie@rechtspraak.nl>')).toBe('griffie@rechtspraak.nl');
    expect(addressPart(' plain@example.nl ')).toBe('plain@example.nl');
  });
});

describe('recipients the user must check', () => {
  it('flags lists, entries without an address and addresses no mail system could deliver', () => {
    const decision = decideRecipients([[list, group, r('x@kant\u200boor.nl', 'Verborgen'), r('x@-kantoor.nl', 'Streep'), r('ok@kantoor.nl')]]);
    expect(decision.unexpandable.map((x) => x.displayName)).toEqual(['Sectie', 'Procespartijen', 'Verborgen', 'Streep']);
    expect(decision.court).toEqual([]);
  });
});

describe('the send decision', () => {
  it('stops court mail whatever was acknowledged', () => {
    const lists = [[group], [r('griffie@rechtspraak.nl')]];
    const fingerprint = groupsFingerprint([group]);
    expect(decideSend(lists, [fingerprint]).kind).toBe('court');
  });

  it('allows mail without court recipients or groups', () => {
    expect(decideSend([[r('a@kantoor.nl')], [], []], [])).toEqual({ kind: 'allow' });
  });

  it('asks to check groups until exactly these groups were acknowledged', () => {
    const first = decideSend([[group, list]], []);
    if (first.kind !== 'check-groups') throw new Error('expected check-groups');
    expect(first.groups).toEqual([group, list]);
    expect(decideSend([[list], [group]], [first.fingerprint])).toEqual({ kind: 'allow' });
    expect(decideSend([[list]], [first.fingerprint]).kind).toBe('check-groups');
    expect(decideSend([[group, list, r('', 'Nog een groep', 'other')]], [first.fingerprint]).kind).toBe('check-groups');
  });

  it('fingerprints ignore order and address case, and stay short', () => {
    const a = groupsFingerprint([group, list]);
    expect(groupsFingerprint([list, { ...group }])).toBe(a);
    expect(groupsFingerprint([{ ...list, emailAddress: 'SECTIE@kantoor.nl' }, group])).toBe(a);
    expect(groupsFingerprint([group])).not.toBe(a);
    expect(a).toMatch(/^g1\.2\.[0-9a-f]{16}$/);
  });
});

describe('naming groups in a message', () => {
  it('uses display names, then addresses, then a placeholder, and cuts to fit', () => {
    expect(describeRecipients([group, r('lijst@kantoor.nl', '', 'distributionList'), r('', '', 'other')], 100, 'naamloos')).toBe('Procespartijen, lijst@kantoor.nl, naamloos');
    const long = describeRecipients([r('', 'x'.repeat(300), 'other')], 50, '?');
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
  });
});
