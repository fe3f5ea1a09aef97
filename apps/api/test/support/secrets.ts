import { TEST_JWT_SECRET } from './api';

/** A password hash in any of the formats this or the replaced system used. */
const HASH_VALUE = /\$argon2(id|i|d)?\$|\$scrypt\$|pbkdf2:sha/i;

/**
 * Every HTTP response the suites receive (tRPC through `startTestServer`, REST through `restRequest`)
 * passes through here: one that carries a password hash or the JWT secret fails the test that got it.
 */
export function assertNoSecrets(where: string, body: string): void {
  if (HASH_VALUE.test(body) || body.includes(TEST_JWT_SECRET)) {
    throw new Error(
      `${where}: the response carries a password hash or the JWT secret: ${body.slice(0, 300)}`,
    );
  }
}
