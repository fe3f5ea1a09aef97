import { isActiveStatus, type TRole, type TUserStatus } from '@loanbook/domain/accounts';
import { DomainError } from '@loanbook/domain/errors';
import { isDatabaseLost } from '../../db/connection-failure';
import type { TEntityManager } from '../../db/orm';
import { queryPrepared } from '../../db/prepared-query';
import type { TPrincipal } from './principal';
import type { TTokenService } from './tokens';

const SESSION_ENDED = 'Your session has expired or was ended: sign in again';
const sessionEnded = () => new DomainError('UNAUTHORIZED', SESSION_ENDED, undefined, 'SESSION_ENDED');
const DATABASE_UNAVAILABLE = 'The database is unavailable; try again shortly';

/** The columns the session check needs, nothing else (no password hash leaves the database here). */
interface TAccountRow {
  id: string;
  username: string;
  role: TRole;
  status: TUserStatus;
  token_version: number;
}
/** Exported for the bench's baseline, which runs the same SQL. */
export const ACCOUNT_BY_ID = 'select id, username, role, status, token_version from users where id = $1';

/**
 * The account of a token, on every authenticated request: one primary-key lookup as a prepared statement
 * on the primary (a replica may lag behind a suspension or a token-version bump), not `em.findOne(User)`,
 * whose query building and hydration cost several times the query (docs/performance.md). Inside a
 * transaction it joins it. The role and status columns' check constraints admit only the domain's values.
 */
const findAccount = async (em: TEntityManager, userId: string) =>
  (await queryPrepared<TAccountRow>(em, { text: ACCOUNT_BY_ID, values: [userId] }, { replica: false }))[0] ??
  null;

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
  // The auth scheme is case-insensitive (RFC 9110 §11.1).
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  const claims = match?.[1] ? await tokens.verify(match[1]) : null;
  if (!claims) return { user: null, authError: sessionEnded() };
  const found = await findAccount(em, claims.userId).then(
    (account) => ({ account }),
    async (error: unknown) => {
      if (!(await isDatabaseLost(error, () => em.getConnection().isConnected()))) throw error;
      return null;
    },
  );
  // Without the database no session can be checked: every procedure that needs one answers 503 (raised
  // by the access control like any other session error, on tRPC and REST alike), never 500.
  if (!found) return { user: null, authError: new DomainError('SERVICE_UNAVAILABLE', DATABASE_UNAVAILABLE) };
  const { account } = found;
  if (!account || account.role !== claims.role) {
    return { user: null, authError: sessionEnded() };
  }
  if (isActiveStatus(account.status) && account.token_version !== claims.tokenVersion) {
    return { user: null, authError: sessionEnded() };
  }
  return {
    user: { id: account.id, username: account.username, role: account.role, status: account.status },
    authError: null,
  };
}
