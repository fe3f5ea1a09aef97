import { isActiveStatus } from '@loanbook/domain/accounts';
import { DomainError } from '@loanbook/domain/errors';
import type { TEntityManager } from '../../db/orm';
import type { TPrincipal } from '../../trpc/context';
import { toPrincipal } from '../users/user.dto';
import { User } from '../users/user.entity';
import type { TTokenService } from './tokens';

const SESSION_ENDED = 'Your session has expired or was ended: sign in again';

/**
 * Resolves an `Authorization` header to the account behind it, checked against the database on every
 * request: a deleted account, a changed role or a bumped token version ends the session at once (401);
 * an account that is no longer active is returned as is, and refused with 403 by the access control.
 */
export async function authenticate(
  em: TEntityManager,
  tokens: TTokenService,
  header: string | undefined,
): Promise<{ user: TPrincipal | null; authError: DomainError | null }> {
  if (!header) return { user: null, authError: null };
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  const claims = match?.[1] ? await tokens.verify(match[1]) : null;
  if (!claims) return { user: null, authError: new DomainError('UNAUTHORIZED', SESSION_ENDED) };
  const account = await em.findOne(User, claims.userId);
  if (!account || account.role !== claims.role) {
    return { user: null, authError: new DomainError('UNAUTHORIZED', SESSION_ENDED) };
  }
  if (isActiveStatus(account.status) && account.tokenVersion !== claims.tokenVersion) {
    return { user: null, authError: new DomainError('UNAUTHORIZED', SESSION_ENDED) };
  }
  return { user: toPrincipal(account), authError: null };
}
