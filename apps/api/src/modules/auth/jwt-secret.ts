import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TConfig } from '../../env';

/**
 * JWT_SECRET from the environment; in the embedded default without one, a random secret generated on
 * first start and kept (mode 0600) in the data directory, so tokens survive restarts.
 */
export function resolveJwtSecret(config: TConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.DATABASE_URL) {
    throw new Error(
      'JWT_SECRET is required with DATABASE_URL: set it to a random string of at least 32 bytes',
    );
  }
  mkdirSync(config.DATA_DIR, { recursive: true });
  const file = join(config.DATA_DIR, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
