import type { TEntityManager } from '../../db/orm';
import { toUserDto } from './user.dto';
import { listUsers, type TUserFilter } from './user.repository';

/** One page of accounts in their public shape (users, customers and agents lists alike). */
export async function listUserPage(em: TEntityManager, filter: TUserFilter) {
  const page = await listUsers(em, filter);
  return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
}
