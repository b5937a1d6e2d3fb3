// The key directory over HTTP on the real engine: a person with keys, an unknown address, and an
// organisation unit whose clerks have not made its key yet — still named as a unit (with no key), so
// no client mistakes it for someone to reach through a guest's access code.
import request from 'supertest';
import { startTestApi, bearer, type TestApi } from '../../helpers/api';
import { onboard, type OnboardedUser } from '../../helpers/onboarding';
import { organisationsRepository } from '../../../api/organisations/repository';

jest.setTimeout(60_000);

let api: TestApi;
let lawyer: OnboardedUser;
let counsel: OnboardedUser;
let unitId: string;
const clock = { now: () => new Date(), advance: () => undefined };

beforeAll(async () => {
  api = await startTestApi();
  lawyer = await onboard(api, { email: 'mr.visser@advocaten.nl', clock });
  counsel = await onboard(api, { email: 'mr.smit@wederpartij.nl', clock });
  const orgs = organisationsRepository(api.database.db, api.database.durable);
  await orgs.upsertOrganisation({ id: 'gemeente', name: 'Gemeente Utrecht', domains: ['utrecht.example'] });
  unitId = (await orgs.addUnit({ orgId: 'gemeente', name: 'Juridische zaken', addresses: ['juridisch@utrecht.example'], isDefault: true }))._id;
});

afterAll(async () => {
  await api.close();
});

it('names a unit without a key as a unit, a person by key, and an unknown address as none', async () => {
  const res = await request(api.app)
    .post('/api/directory/lookup')
    .set(...bearer(await lawyer.token()))
    .send({ addresses: ['Juridisch@Utrecht.example', counsel.email, 'niemand@elders.example'] });
  expect(res.status).toBe(200);
  const [unit, person, unknown] = res.body.entries as Record<string, unknown>[];
  expect(unit).toEqual({ address: 'juridisch@utrecht.example', kind: 'unit', unitId, unitName: 'Juridische zaken' });
  expect(person).toMatchObject({ address: counsel.email, kind: 'account', fingerprint: counsel.keys.fingerprint });
  expect(unknown).toEqual({ address: 'niemand@elders.example', kind: 'none' });
});
