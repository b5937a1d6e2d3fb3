// Threat: forged or bent access tokens — alg:none, another algorithm (HS256 keyed with our public
// key), another key (also one named in the token's own jwk/jku header), a wrong audience, issuer or
// type, missing claims, an expired or too old token, a stage the session does not have, a token in
// the query string. Over HTTP against the real API, signed with the server's real key where the
// signature is not the point. Checklist G1, G2, G5, G6, G10 (ASVS 5.0 9.1.1–9.1.3, 9.2.1–9.2.3,
// 7.2.4, 14.2.1). Revocation and limits: test/api/sessions/sessions.test.ts.
import crypto from 'node:crypto';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importPKCS8, type CryptoKey } from 'jose';
import { request, bearer, activateAccount, passwordLogin, type TestApi } from '../helpers/api';
import { apiWithUsers, testClock } from './fixture';
import type { OnboardedUser } from '../helpers/onboarding';
import { ACCESS_TOKEN_AUDIENCE } from '../../api/sessions/tokens';

jest.setTimeout(120_000);
const SIGNING_KEY_PEM = crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ISSUER = 'https://zegel.test';
let api: TestApi;
const clock = testClock();
let user: OnboardedUser;
let serverKey: CryptoKey;

beforeAll(async () => {
  ({ api, users: [user] } = await apiWithUsers(clock, ['mr.token@kantoor.nl'], { SIGNING_KEY_PEM }));
  serverKey = await importPKCS8(SIGNING_KEY_PEM, 'EdDSA', { extractable: true });
});
afterAll(() => api?.close());

interface Forgery {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  omit?: string[];
  key?: CryptoKey | Uint8Array;
}

/** A token for the user's live session, as the server would sign it, bent as the forgery says. */
async function forge(options: Forgery = {}): Promise<string> {
  const live = decodeJwt(await user.token());
  const seconds = Math.floor(clock.now().getTime() / 1000);
  const claims: Record<string, unknown> = { sub: live.sub, sid: live.sid, stage: 'full', iss: ISSUER, aud: ACCESS_TOKEN_AUDIENCE, iat: seconds, exp: seconds + 300, ...options.claims };
  for (const name of options.omit ?? []) delete claims[name];
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...options.header }).sign(options.key ?? serverKey);
}

async function me(token: string) {
  const res = await request(api.app).get('/api/me').set(...bearer(token));
  return { status: res.status, code: res.body.error?.code as string | undefined };
}
const refused = { status: 401, code: 'SESSION_INVALID' };

it('accepts a token made exactly like the server’s (so every refusal below is about the bend alone)', async () => {
  expect((await me(await forge())).status).toBe(200);
});

it('refuses alg:none', async () => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const payload = decodeJwt(await forge());
  expect(await me(`${part({ alg: 'none', typ: 'at+jwt' })}.${part(payload)}.`)).toEqual(refused);
});

it('refuses HS256 keyed with the server’s public key', async () => {
  const publicJwk = await exportJWK(crypto.createPublicKey(SIGNING_KEY_PEM));
  expect(await me(await forge({ header: { alg: 'HS256' }, key: new TextEncoder().encode(JSON.stringify(publicJwk)) }))).toEqual(refused);
});

it('refuses another key, also when the token names it in a jwk or jku header', async () => {
  const attacker = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(attacker.publicKey);
  expect(await me(await forge({ key: attacker.privateKey }))).toEqual(refused);
  expect(await me(await forge({ header: { jwk }, key: attacker.privateKey }))).toEqual(refused);
  expect(await me(await forge({ header: { jku: 'https://evil.example/jwks.json', kid: 'evil' }, key: attacker.privateKey }))).toEqual(refused);
});

it.each<[string, Forgery]>([
  ['a wrong audience', { claims: { aud: 'someone-else' } }],
  ['a wrong issuer', { claims: { iss: 'https://evil.example' } }],
  ['a wrong type', { header: { typ: 'JWT' } }],
  ['no expiry', { omit: ['exp'] }],
  ['no issued-at', { omit: ['iat'] }],
  ['no session id', { omit: ['sid'] }],
  ['no subject', { omit: ['sub'] }],
  ['no stage', { omit: ['stage'] }],
  ['an unknown stage', { claims: { stage: 'admin' } }],
  ['another account than the session’s', { claims: { sub: 'someone-else' } }],
  ['a session that does not exist', { claims: { sid: 'AAAAAAAAAAAAAAAAAAAAAA' } }],
  ['a long life (issued an hour ago, expiring tomorrow)', { claims: { iat: Math.floor(Date.parse('2026-11-28T08:00:00Z') / 1000), exp: Math.floor(Date.parse('2026-11-29T09:00:00Z') / 1000) } }],
])('refuses %s', async (_name, forgery) => {
  expect(await me(await forge(forgery))).toEqual(refused);
});

it('refuses an expired token just past the five seconds of clock tolerance', async () => {
  const token = await user.token();
  clock.advance(5 * 60 + 4);
  expect((await me(token)).status).toBe(200);
  clock.advance(2);
  expect(await me(token)).toEqual(refused);
});

it('takes the stage from the session record: a set-up session claiming "full" still only sets up', async () => {
  const email = 'nog.zonder.factor@kantoor.nl';
  await activateAccount(api, email, 'een wachtwoord zonder factor');
  const setup = decodeJwt((await passwordLogin(api, email, 'een wachtwoord zonder factor')).res.body.session.accessToken as string);
  const seconds = Math.floor(clock.now().getTime() / 1000);
  const claimsFull = await new SignJWT({ sub: setup.sub, sid: setup.sid, stage: 'full', iss: ISSUER, aud: ACCESS_TOKEN_AUDIENCE, iat: seconds, exp: seconds + 300 })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
    .sign(serverKey);
  const res = await request(api.app).get('/api/messages').set(...bearer(claimsFull));
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('SECOND_FACTOR_SETUP_REQUIRED');
});

it('reads tokens from the Authorization header only, never from the query string', async () => {
  const token = await user.token();
  const res = await request(api.app).get(`/api/me?access_token=${token}`);
  expect(res.status).toBe(401);
});
