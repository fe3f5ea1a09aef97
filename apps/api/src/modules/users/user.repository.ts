import type { TRole, TUserStatus } from '@loanbook/domain/accounts';
import { decodeCursor, encodeCursor } from '@loanbook/domain/pagination';
import { type FilterQuery, raw } from '@mikro-orm/core';
import type { TEntityManager } from '../../db/orm';
import { type IUser, User } from './user.entity';

export interface TUserFilter {
  role?: TRole;
  status?: TUserStatus;
  /** Case-insensitive match on username or email. */
  search?: string;
  cursor?: string;
  limit: number;
}

/** Escapes LIKE wildcards so a search for "a_b" matches the text, not a pattern. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const findUserByUsername = (em: TEntityManager, username: string) =>
  em.findOne(User, { [raw('lower(username)')]: username.toLowerCase() } as FilterQuery<IUser>);

export async function isUsernameOrEmailTaken(em: TEntityManager, username: string, email: string) {
  // Both flags per row: one account can hold the username and the email at once, and both must be named.
  const rows = await em
    .getConnection()
    .execute<{ username_taken: boolean; email_taken: boolean }[]>(
      'select lower(username) = lower(?) as username_taken, lower(email) = lower(?) as email_taken from users where lower(username) = lower(?) or lower(email) = lower(?)',
      [username, email, username, email],
    );
  return { username: rows.some((r) => r.username_taken), email: rows.some((r) => r.email_taken) };
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listUsers(em: TEntityManager, filter: TUserFilter) {
  const where: FilterQuery<IUser>[] = [];
  if (filter.role) where.push({ role: filter.role });
  if (filter.status) where.push({ status: filter.status });
  if (filter.search) {
    const pattern = likePattern(filter.search);
    where.push({ $or: [{ username: { $ilike: pattern } }, { email: { $ilike: pattern } }] });
  }
  if (filter.cursor) {
    const { at, id } = decodeCursor(filter.cursor);
    const time = new Date(at);
    where.push({ createdAt: { $lte: time }, $or: [{ createdAt: { $lt: time } }, { id: { $lt: id } }] });
  }
  const rows = await em.find(User, where.length ? { $and: where } : {}, {
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    limit: filter.limit + 1,
  });
  const items = rows.slice(0, filter.limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > filter.limit && last
      ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id })
      : null;
  return { items, nextCursor };
}
