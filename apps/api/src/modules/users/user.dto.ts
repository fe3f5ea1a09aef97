import type { TUser } from '@loanbook/domain/accounts';
import type { TPrincipal } from '../auth/principal';
import type { IUser } from './user.entity';

/** The public view of an account; the procedures' `.output(ZUser)` strips anything else. */
export const toUserDto = (user: IUser): TUser => ({
  id: user.id,
  username: user.username,
  email: user.email,
  phone: user.phone ?? null,
  role: user.role,
  status: user.status,
  createdAt: user.createdAt.toISOString(),
});

export const toPrincipal = (user: IUser): TPrincipal => ({
  id: user.id,
  username: user.username,
  role: user.role,
  status: user.status,
});
