import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1). `@node-rs/argon2` hashes on the
 * libuv thread pool, so logins never block the event loop.
 */
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2ID);

/**
 * A hash of a random string, verified against when the username is unknown, so an unknown user and a wrong
 * password take the same time and get the same answer.
 */
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword(crypto.randomUUID());
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}
