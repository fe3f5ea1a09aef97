import {
  inactiveAccountMessage,
  isActiveStatus,
  type TLogin,
  type TRegistration,
  type TRole,
} from '@loanbook/domain/accounts';
import { DomainError, type TFieldErrors } from '@loanbook/domain/errors';
import type { TEntityManager } from '../../db/orm';
import { runAsActor } from '../history/actor-context';
import { toPrincipal, toUserDto } from '../users/user.dto';
import { User } from '../users/user.entity';
import { findUserByUsername, isUsernameOrEmailTaken } from '../users/user.repository';
import { hashPassword, verifyPassword } from './password';
import type { TTokenService } from './tokens';

const BAD_CREDENTIALS = 'Invalid username or password';

/** Customers are active at once; agents wait (PENDING) for an admin's approval. */
export async function register(em: TEntityManager, role: Exclude<TRole, 'admin'>, input: TRegistration) {
  const taken = await isUsernameOrEmailTaken(em, input.username, input.email);
  if (taken.username || taken.email) {
    const fieldErrors: TFieldErrors = {};
    if (taken.username) fieldErrors.username = ['This username is taken'];
    if (taken.email) fieldErrors.email = ['An account with this email already exists'];
    throw new DomainError('CONFLICT', 'An account with these details already exists', fieldErrors);
  }
  const user = em.create(User, {
    username: input.username,
    email: input.email,
    phone: input.phone ?? null,
    passwordHash: await hashPassword(input.password),
    role,
    status: role === 'customer' ? 'ACTIVE' : 'PENDING',
    statusReason: null,
  });
  await runAsActor({ id: user.id, username: user.username, role }, () => em.flush());
  return toUserDto(user);
}

/**
 * Unknown user and wrong password get the same answer after the same work (a dummy hash is verified).
 * Only after the password is verified is an inactive agent told why they cannot sign in.
 */
export async function login(em: TEntityManager, tokens: TTokenService, input: TLogin) {
  const user = await findUserByUsername(em, input.username);
  const isValid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isValid) throw new DomainError('UNAUTHORIZED', BAD_CREDENTIALS);
  if (!isActiveStatus(user.status)) throw new DomainError('FORBIDDEN', inactiveAccountMessage(user.status));
  const { token, expiresAt } = await tokens.issue({
    userId: user.id,
    role: user.role,
    tokenVersion: user.tokenVersion,
  });
  return { token, expiresAt: expiresAt.toISOString(), user: toUserDto(user) };
}

/** Requires the current password; bumps the token version so every token issued before stops working. */
export async function changePassword(
  em: TEntityManager,
  userId: string,
  input: { currentPassword: string; newPassword: string },
) {
  const user = await em.findOneOrFail(User, userId);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('BAD_REQUEST', 'The current password is not correct', {
      currentPassword: ['The current password is not correct'],
    });
  }
  user.passwordHash = await hashPassword(input.newPassword);
  user.tokenVersion += 1;
  await em.flush();
  return { ok: true as const };
}

export const loadPrincipal = async (em: TEntityManager, userId: string) => {
  const user = await em.findOne(User, userId);
  return user ? { user, principal: toPrincipal(user) } : null;
};
