import type { TRole, TUserStatus } from '@loanbook/domain/accounts';

/**
 * The signed-in account as services see it: loaded from the database on every request by
 * `authenticate`, and narrowed by the role procedures of `trpc/init.ts` (`TPrincipalOf<'admin'>`).
 */
export interface TPrincipal<TRoleOf extends TRole = TRole> {
  id: string;
  username: string;
  role: TRoleOf;
  status: TUserStatus;
}
