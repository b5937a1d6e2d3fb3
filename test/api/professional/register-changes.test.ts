// After linking, the register stays the truth: a changed address or a removed entry suspends the link
// (connection inactive, the user told what to do), a re-import that makes it consistent restores it,
// the account the register now backs can take the number over, and an administrator can release it.
import { AUDIT_COLLECTION, type AuditDocument } from '../../../api/audit/repository';
import { Clock, enrolWithApp, importRegister, linkNumber, mailsOfKind, startProfessionalApi, statusOf, type Person, type ProfessionalTestApi } from './helpers';

jest.setTimeout(180_000);

let api: ProfessionalTestApi;
let jan: Person;
const JAN = 'jan@kantoor.nl';
const JAN_ROW = 'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl,';

beforeAll(async () => {
  api = await startProfessionalApi({ clock: new Clock('2026-12-01T09:00:00Z') });
  await importRegister(api, JAN_ROW);
  jan = await enrolWithApp(api, JAN);
  expect((await linkNumber(api, jan, 'A12345')).status).toBe(200);
});
afterAll(async () => {
  await api?.close();
});

const audits = (action: string) => api.database.db.collection<AuditDocument>(AUDIT_COLLECTION).find({ action }).toArray();

describe('a changed address in the register', () => {
  it('suspends the link at once: the status shows it and the connection is inactive', async () => {
    await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@nieuwkantoor.nl,');
    const status = await statusOf(api, jan);
    expect(status.body.link).toMatchObject({ number: 'A12345', state: 'suspended', suspendedReason: 'email-changed', registerStatus: 'active' });
    expect(status.body).toMatchObject({ active: false, problems: ['email-changed'] });
    expect(status.body.texts[1].nl).toContain('Verhuis dan dit account');
    expect(status.body.texts[1].en).toContain('move this account');
    expect(JSON.stringify(status.body)).not.toContain('nieuwkantoor');
    expect((await api.feature.courtConnection.check(jan.accountId)).active).toBe(false);
  });

  it('tells the user once, after the import, and audits the suspension', async () => {
    expect(await api.feature.afterRegisterImport()).toEqual({ checked: 1, suspended: 1, restored: 0 });
    expect(await api.feature.afterRegisterImport()).toEqual({ checked: 1, suspended: 0, restored: 0 });
    const mails = await mailsOfKind(api, JAN, 'professional.suspended.email-changed');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('verhuis dit account');
    expect(await audits('professional.link-suspended')).toEqual([expect.objectContaining({ actor: null, target: 'A12345', details: { account: jan.accountId, reason: 'email-changed' } })]);
  });

  it('is restored by a re-import that brings the address back', async () => {
    await importRegister(api, JAN_ROW);
    const status = await statusOf(api, jan);
    expect(status.body.link).toMatchObject({ state: 'linked', suspendedReason: null });
    expect(status.body).toMatchObject({ active: true, problems: [] });
    expect(await api.feature.afterRegisterImport()).toEqual({ checked: 1, suspended: 0, restored: 1 });
    expect(await mailsOfKind(api, JAN, 'professional.restored')).toHaveLength(1);
    expect(await audits('professional.link-restored')).toHaveLength(1);
  });
});

describe('a removed entry', () => {
  it('suspends the link, and the sweeper tells the user; reactivation restores it', async () => {
    await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@kantoor.nl,removed');
    const status = await statusOf(api, jan);
    expect(status.body.link).toMatchObject({ state: 'suspended', suspendedReason: 'entry-removed', registerStatus: 'removed' });
    expect(status.body.problems).toEqual(['entry-removed']);
    expect(status.body.texts[1].nl).toContain('NOvA');

    const sweep = api.feature.sweepTasks.find((t) => t.name === 'professional-links')!;
    expect(await sweep.sweep(api.clock.now())).toBe(1);
    expect(await mailsOfKind(api, JAN, 'professional.suspended.entry-removed')).toHaveLength(1);

    await importRegister(api, JAN_ROW);
    expect(await sweep.sweep(api.clock.now())).toBe(1);
    expect((await statusOf(api, jan)).body.active).toBe(true);
  });
});

describe('the account the register now backs', () => {
  it('takes over a link the register no longer backs; the earlier account is told and cannot take it back', async () => {
    await importRegister(api, 'A12345,lawyer,"Jansen, Jan",jan@nieuwkantoor.nl,');
    const newer = await enrolWithApp(api, 'jan@nieuwkantoor.nl');
    const res = await linkNumber(api, newer, 'A12345');
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(true);

    expect((await statusOf(api, jan)).body.link).toBeNull();
    expect(await mailsOfKind(api, JAN, 'professional.unlinked.taken-over')).toHaveLength(1);
    expect((await audits('professional.unlink')).at(-1)).toMatchObject({ actor: newer.accountId, target: 'A12345', details: { cause: 'taken-over', previousAccount: jan.accountId } });
    const back = await linkNumber(api, jan, 'A12345');
    expect(back.body.error.code).toBe('NUMBER_NOT_MATCHED');
    jan = newer;
  });
});

describe('an administrator', () => {
  it('unlinks a number (what `npm run professional:unlink` does); audited, holder and register address told', async () => {
    const result = await api.feature.professional.unlinkByAdministrator({ number: ' a 12345', operator: 'beheerder' });
    expect(result).toEqual({ unlinked: true, accountId: jan.accountId, number: 'A12345' });
    expect((await statusOf(api, jan)).body.link).toBeNull();
    expect((await audits('professional.unlink')).at(-1)).toMatchObject({ actor: null, target: 'A12345', details: { cause: 'administrator', account: jan.accountId, operator: 'beheerder' } });
    expect(await mailsOfKind(api, 'jan@nieuwkantoor.nl', 'professional.unlinked.administrator')).toHaveLength(1);
    expect(await api.feature.professional.unlinkByAdministrator({ number: 'A12345', operator: 'beheerder' })).toEqual({ unlinked: false, accountId: null, number: 'A12345' });
  });
});
