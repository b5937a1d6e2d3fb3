// The one test at PRODUCTION_KDF_PARAMS: the real cost works end to end (slow by design, a few seconds at most).
import { createAccountKeys, unlockWithPassword } from '../../../shared/crypto/account-keys';
import { PRODUCTION_KDF_PARAMS, derivePasswordKeys, newKdfParams } from '../../../shared/crypto/kdf';

describe('PRODUCTION_KDF_PARAMS (slow: real Argon2id cost)', () => {
  it('SLOW, production KDF: creates an account and unlocks it with no floor override', async () => {
    const kdfParams = newKdfParams();
    expect(kdfParams).toMatchObject(PRODUCTION_KDF_PARAMS);
    const password = 'een lange zin als wachtwoord';
    const { upload, unlocked } = await createAccountKeys({ accountId: 'acc-prod', password, kdfParams });
    const keys = await unlockWithPassword({ accountId: 'acc-prod', password, ...upload });
    expect(keys.userKey).toEqual(unlocked.userKey);
    expect((await derivePasswordKeys({ password, params: upload.kdfParams })).authValue).toBe(upload.authValue);
  }, 60_000);
});
