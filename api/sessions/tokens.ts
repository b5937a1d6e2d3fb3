// The API's token module (the one API file that imports jose). Access tokens: short-lived JWTs signed with the server's Ed25519 key. Verification allows exactly
// one algorithm and checks issuer, audience, type and required claims; keys come from configuration
// only (never from jku/x5u/jwk headers). This is the one API module allowed to import jose.
import { SignJWT, jwtVerify, importPKCS8, importJWK, generateKeyPair, exportJWK, calculateJwkThumbprint, errors, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';
export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const ACCESS_TOKEN_AUDIENCE = 'zegel-api';
export const ACCESS_TOKEN_TTL_SECONDS = 5 * 60;

export type SessionStage = 'full' | 'setup';

export interface AccessClaims {
  accountId: string;
  sessionId: string;
  stage: SessionStage;
}

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
}

/** From SIGNING_KEY_PEM (PKCS#8 Ed25519) or, outside production, a key made for this process. */
export async function loadSigningKeys(pem: string | undefined): Promise<SigningKeys> {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  if (pem) {
    privateKey = await importPKCS8(pem, ACCESS_TOKEN_ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    delete jwk.d;
    publicKey = (await importJWK({ ...jwk, alg: ACCESS_TOKEN_ALGORITHM }, ACCESS_TOKEN_ALGORITHM)) as CryptoKey;
  } else {
    ({ privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: false }));
  }
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { privateKey, publicKey, kid };
}

export async function issueAccessToken(options: { keys: SigningKeys; issuer: string; claims: AccessClaims; now?: Date }): Promise<string> {
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ sid: options.claims.sessionId, stage: options.claims.stage })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: options.keys.kid })
    .setSubject(options.claims.accountId)
    .setIssuer(options.issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ACCESS_TOKEN_TTL_SECONDS)
    .sign(options.keys.privateKey);
}

/** Verified claims, or undefined for any token that is not exactly one of ours and current. */
export async function verifyAccessToken(options: { keys: SigningKeys; issuer: string; token: string; now?: Date }): Promise<AccessClaims | undefined> {
  try {
    const { payload } = await jwtVerify<JWTPayload & { sid?: unknown; stage?: unknown }>(options.token, options.keys.publicKey, {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: options.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['exp', 'iat', 'sub', 'sid', 'stage'],
      maxTokenAge: ACCESS_TOKEN_TTL_SECONDS + 60,
      clockTolerance: 5,
      ...(options.now ? { currentDate: options.now } : {}),
    });
    const { sub, sid, stage } = payload;
    if (typeof sub !== 'string' || typeof sid !== 'string' || (stage !== 'full' && stage !== 'setup')) return undefined;
    return { accountId: sub, sessionId: sid, stage };
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return undefined;
    throw err;
  }
}

// Receipts: JWS signed with the server's receipt key. Anyone can verify them offline against the
// published JWKS (shared/crypto/receipt.ts); past keys stay published so old receipts keep verifying.
export const RECEIPT_TYPE = 'zegel-receipt+jwt';

export interface ReceiptKeys extends SigningKeys {
  /** Earlier receipt public keys (JWK), still published. */
  previous: JWK[];
}

export async function loadReceiptKeys(pem: string, previous: JWK[] = []): Promise<ReceiptKeys> {
  const keys = await loadSigningKeys(pem);
  return { ...keys, previous };
}

export async function signReceipt(options: { keys: ReceiptKeys; issuer: string; issuedAt: Date; payload: Record<string, unknown> }): Promise<string> {
  return new SignJWT(options.payload)
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: RECEIPT_TYPE, kid: options.keys.kid })
    .setIssuer(options.issuer)
    .setIssuedAt(Math.floor(options.issuedAt.getTime() / 1000))
    .sign(options.keys.privateKey);
}

export async function receiptJwks(keys: ReceiptKeys): Promise<{ keys: JWK[] }> {
  const current = { ...(await exportJWK(keys.publicKey)), kid: keys.kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
  return { keys: [current, ...keys.previous] };
}
