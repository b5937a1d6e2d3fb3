// The principal resolution rules, case by case, and the sender line the display preference changes.
import { resolvePrincipals } from '../../../shared/delegations/principals';
import { senderLine } from '../../../shared/delegations/display';

const secretary = { accountId: 'acc-secretary', email: 's.devries@kantoor.nl' };
const jansen = { accountId: 'acc-jansen', email: 'mr.jansen@kantoor.nl' };
const dekker = { accountId: 'acc-dekker', email: 'mr.dekker@kantoor.nl' };
const smit = { accountId: 'acc-smit', email: 'mr.smit@elders.nl' };
const mailbox = { address: 'secretariaat@kantoor.nl', userAccountIds: ['acc-jansen', 'acc-dekker', 'acc-other'] };

describe('resolvePrincipals', () => {
  it('shared mailbox: the lawyers who use it and delegated to the user, sorted; no suggestion when several', () => {
    const r = resolvePrincipals({ from: ' Secretariaat@Kantoor.nl ', user: secretary, principals: [jansen, dekker, smit], mailbox });
    expect(r).toEqual({ match: 'shared-mailbox', candidates: ['acc-dekker', 'acc-jansen'], suggested: null, choices: ['acc-secretary', 'acc-dekker', 'acc-jansen', 'acc-smit'] });
    expect(resolvePrincipals({ from: mailbox.address, user: secretary, principals: [jansen, smit], mailbox })).toMatchObject({ candidates: ['acc-jansen'], suggested: 'acc-jansen' });
    expect(resolvePrincipals({ from: mailbox.address, user: secretary, principals: [smit], mailbox })).toMatchObject({ match: 'shared-mailbox', candidates: [], suggested: null });
  });

  it('shared mailbox used by the user herself: she comes first', () => {
    expect(resolvePrincipals({ from: mailbox.address, user: jansen, principals: [dekker], mailbox })).toMatchObject({ candidates: ['acc-jansen', 'acc-dekker'] });
  });

  it('own address picks the user; a principal’s address picks that principal', () => {
    expect(resolvePrincipals({ from: jansen.email, user: jansen, principals: [], mailbox: null })).toMatchObject({ match: 'own-address', candidates: ['acc-jansen'], suggested: 'acc-jansen' });
    expect(resolvePrincipals({ from: 'MR.SMIT@elders.nl', user: secretary, principals: [jansen, smit], mailbox: null })).toMatchObject({ match: 'principal-address', candidates: ['acc-smit'] });
  });

  it('an unknown address or none gives no candidate, only the choices', () => {
    expect(resolvePrincipals({ from: 'info@elders.nl', user: secretary, principals: [jansen], mailbox: null })).toEqual({ match: 'unknown-address', candidates: [], suggested: null, choices: ['acc-secretary', 'acc-jansen'] });
    expect(resolvePrincipals({ from: null, user: secretary, principals: [jansen], mailbox: null })).toMatchObject({ match: 'no-address', candidates: [] });
    // A mailbox record for another address never matches.
    expect(resolvePrincipals({ from: 'info@kantoor.nl', user: secretary, principals: [jansen], mailbox })).toMatchObject({ match: 'unknown-address' });
  });
});

describe('senderLine', () => {
  const principal = { name: 'mr. P. Jansen', email: 'mr.jansen@kantoor.nl' };
  const actor = { name: 'S. de Vries', email: 's.devries@kantoor.nl' };

  it('names both unless the lawyer chose "recipients see only my name"', () => {
    expect(senderLine({ principal, actor, showOnlyPrincipalName: false })).toEqual({ nl: 'mr. P. Jansen <mr.jansen@kantoor.nl> (verstuurd door S. de Vries)', en: 'mr. P. Jansen <mr.jansen@kantoor.nl> (sent by S. de Vries)' });
    expect(senderLine({ principal, actor, showOnlyPrincipalName: true })).toEqual({ nl: 'mr. P. Jansen <mr.jansen@kantoor.nl>', en: 'mr. P. Jansen <mr.jansen@kantoor.nl>' });
    expect(senderLine({ principal, actor: null, showOnlyPrincipalName: false }).en).toBe('mr. P. Jansen <mr.jansen@kantoor.nl>');
  });
});
