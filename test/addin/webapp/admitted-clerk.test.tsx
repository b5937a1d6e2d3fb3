/**
 * @jest-environment ./test/addin/webapp/environment.ts
 */
// The clerk's desk for a clerk admitted by another clerk, against the real API: the web app opens the
// unit key with the admitting clerk's key that comes with the wrap (no `clerkKey` from the host),
// lists the filing with its decrypted subject without marking it opened, and opening it in the
// reader marks it opened for the lawyer.
import { organisationsRepository } from '../../../api/organisations/repository';
import { wrapUnitKeyFor } from '../../../shared/crypto/organisation-keys';
import { sendSecure } from '../../helpers/messaging';
import { linkBarNumber, type OnboardedUser } from '../../helpers/onboarding';
import { bearer, clientFor, expectAccessible, GRIFFIE, keysOf, renderWebApp, request, screen, setUpCourt, startServer, user, userEvent, waitFor, type Court, type RunningApi } from './harness';

jest.setTimeout(240_000);

const SUBJECT = 'Zaaknummer C/13/712345 – verzoekschrift';
const BODY = 'Geachte griffie, hierbij het verzoekschrift.';

let running: RunningApi;
let lawyer: OnboardedUser;
let clerkA: OnboardedUser;
let clerkB: OnboardedUser;
let court: Court;
let filingId = '';

async function openedForLawyer(): Promise<string | null> {
  const res = await request(running.api.app).get(`/api/messages/${filingId}`).set(...bearer(await lawyer.token()));
  return (res.body as { recipients: { openedAt: string | null }[] }).recipients[0]!.openedAt;
}

beforeAll(async () => {
  running = await startServer();
  lawyer = await user(running, 'mr.jansen@advocaten.nl');
  clerkA = await user(running, 'griffier.a@rechtspraak.nl');
  clerkB = await user(running, 'griffier.b@rechtspraak.nl');
  court = await setUpCourt(running, clerkA);
  await linkBarNumber(running.api, lawyer, 'A12345', 'Mr. P. Jansen');
  // Clerk A's client admits clerk B with the unit key wrapped to her, signed with A's key.
  const orgs = organisationsRepository(running.api.database.db, running.api.database.durable);
  const member = await orgs.addMember({ unitId: court.unitId, accountId: clerkB.accountId, role: 'clerk' });
  const wrap = await wrapUnitKeyFor({ unitPrivateKey: court.unitKey.privateKey, memberPublicKey: clerkB.keys.publicKey, signingKey: clerkA.keys.privateKey });
  const admitted = await request(running.api.app).post(`/api/organisations/units/${court.unitId}/members/${member._id}/admit`).set(...bearer(await clerkA.token())).send({ version: 1, wrapped: wrap.wrapped });
  expect(admitted.status).toBe(200);
  const filing = await sendSecure(running.api, lawyer, { to: [GRIFFIE], subject: SUBJECT, body: BODY });
  expect(filing.commit?.status).toBe(200);
  filingId = filing.messageId!;
});

afterAll(async () => {
  await running?.close();
});

it('lets the admitted clerk list, search and open the filing; only opening it marks it opened', async () => {
  const u = userEvent.setup();
  renderWebApp({ api: clientFor(running, clerkB), keys: keysOf(clerkB), account: { accountId: clerkB.accountId, email: clerkB.email }, receiptIssuer: running.api.config.publicBaseUrl.origin, initialView: 'desk', courtKeyPins: [court.unitKey.fingerprint] });
  await screen.findByText('1 van 1 berichten');
  expect(screen.getByRole('button', { name: SUBJECT })).toBeInTheDocument();
  await expectAccessible();
  // Listing and decrypting the subject is not reading the filing.
  expect(await openedForLawyer()).toBeNull();

  await u.click(screen.getByRole('button', { name: SUBJECT }));
  expect(await screen.findByRole('heading', { level: 2, name: SUBJECT })).toBeInTheDocument();
  expect(screen.getByText(BODY)).toBeInTheDocument();
  await waitFor(async () => expect(await openedForLawyer()).toEqual(expect.any(String)));
});
