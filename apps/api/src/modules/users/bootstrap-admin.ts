import { randomBytes } from 'node:crypto';
import type { TDatabase } from '../../db/orm';
import type { TConfig } from '../../env';
import { hashPassword } from '../auth/password';
import { User } from './user.entity';

export type TBootstrapResult =
  | { kind: 'exists' }
  | { kind: 'created'; username: string; generatedPassword: string | null };

/**
 * Makes sure an admin exists: from ADMIN_USERNAME/ADMIN_PASSWORD, or (outside production) a demo admin
 * with a random password that the caller prints once. In production with neither, refuse to start.
 */
export async function ensureAdmin(db: TDatabase, config: TConfig): Promise<TBootstrapResult> {
  const em = db.fork();
  if ((await em.count(User, { role: 'admin' })) > 0) return { kind: 'exists' };
  const configured = config.ADMIN_USERNAME && config.ADMIN_PASSWORD;
  if (!configured && config.NODE_ENV === 'production') {
    throw new Error(
      'No admin account exists. Set ADMIN_USERNAME and ADMIN_PASSWORD (at least 10 characters) to create the first admin, then start again.',
    );
  }
  const username = config.ADMIN_USERNAME ?? 'admin';
  const generatedPassword = configured ? null : randomBytes(12).toString('base64url');
  const password = config.ADMIN_PASSWORD ?? generatedPassword ?? '';
  em.create(User, {
    username,
    email: `${username}@loanbook.local`,
    phone: null,
    passwordHash: await hashPassword(password),
    role: 'admin',
    status: 'ACTIVE',
    statusReason: null,
  });
  await em.flush();
  return { kind: 'created', username, generatedPassword };
}
