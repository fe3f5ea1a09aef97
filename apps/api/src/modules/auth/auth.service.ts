import {
  inactiveAccountError,
  isActiveStatus,
  type TLogin,
  type TRegistration,
  type TRole,
} from '@loanbook/domain/accounts';
import { DomainError, type TFieldErrors } from '@loanbook/domain/errors';
import type { TEntityManager } from '../../db/orm';
import type { TThrottle } from '../../security/throttle';
import { runAsActor } from '../history/actor-context';
import { toUserDto } from '../users/user.dto';
import { User } from '../users/user.entity';
import { findUserByUsername, isUsernameOrEmailTaken } from '../users/user.repository';
import { hashPassword, verifyPassword } from './password';
import type { TTokenService } from './tokens';

const BAD_CREDENTIALS = 'Invalid username or password';

/** Abuse limits of the calling client: the throttle (null: none) and the client's address. */
export interface TClientGuard {
  throttle: TThrottle | null;
  ip: string;
}

const UNGUARDED: TClientGuard = { throttle: null, ip: 'internal' };

/** Customers are active at once; agents wait (PENDING) for an admin's approval. */
export async function register(
  em: TEntityManager,
  role: Exclude<TRole, 'admin'>,
  input: TRegistration,
  guard: TClientGuard = UNGUARDED,
) {
  await guard.throttle?.countRegistration(em, guard.ip);
  const taken = await isUsernameOrEmailTaken(em, input.username, input.email);
  if (taken.username || taken.email) {
    const fieldErrors: TFieldErrors = {};
    if (taken.username) fieldErrors.username = ['This username is taken'];
    if (taken.email) fieldErrors.email = ['An account with this email already exists'];
    throw new DomainError('CONFLICT', 'An account with these details already exists', fieldErrors);
  }
  const user = em.create(User, {
    // Set here, not by the entity's onCreate (which runs at flush): the history actor below needs the id.
    id: crypto.randomUUID(),
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
 * Only after the password is verified is an inactive agent told why they cannot sign in. The attempt is
 * counted by the throttle before anything is looked up, on the name as typed, so a refusal (429) says
 * nothing about whether the account exists.
 */
export async function login(
  em: TEntityManager,
  tokens: TTokenService,
  input: TLogin,
  guard: TClientGuard = UNGUARDED,
) {
  const attempt = await guard.throttle?.beginLogin(em, input.username, guard.ip);
  const user = await findUserByUsername(em, input.username);
  const isValid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !isValid) throw new DomainError('UNAUTHORIZED', BAD_CREDENTIALS);
  await attempt?.succeeded();
  if (!isActiveStatus(user.status)) throw inactiveAccountError(user.status);
  const { token, expiresAt } = await tokens.issue({
    userId: user.id,
    role: user.role,
    tokenVersion: user.tokenVersion,
  });
  return { token, expiresAt: expiresAt.toISOString(), user: toUserDto(user) };
}

/**
 * Requires the current password; bumps the token version so every token issued before stops working.
 * A wrong current password counts as a failed sign-in: a stolen token is no way to guess the password.
 */
export async function changePassword(
  em: TEntityManager,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  guard: TClientGuard = UNGUARDED,
) {
  const user = await em.findOneOrFail(User, userId);
  const attempt = await guard.throttle?.beginLogin(em, user.username, guard.ip);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('BAD_REQUEST', 'The current password is not correct', {
      currentPassword: ['The current password is not correct'],
    });
  }
  await attempt?.succeeded();
  user.passwordHash = await hashPassword(input.newPassword);
  user.tokenVersion += 1;
  await em.flush();
  return { ok: true as const };
}

/** The signed-in account as its owner sees it. */
export async function getCurrentUser(em: TEntityManager, userId: string) {
  const user = await em.findOne(User, userId);
  if (!user) throw new DomainError('UNAUTHORIZED', 'Sign in to continue', undefined, 'SESSION_ENDED');
  return toUserDto(user);
}
