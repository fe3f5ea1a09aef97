import type { TRole } from './accounts/schemas';

/**
 * Who may call a procedure. `'anyone'` includes anonymous callers; a list of roles requires a signed-in,
 * active account (an agent must be APPROVED). Each procedure declares its rule where it is defined, by
 * the procedure builder it starts from (`adminProcedure`, `staffProcedure`, … in the API's `trpc/init.ts`);
 * `docs/authorization.md` is generated from the router.
 */
export interface TAccess {
  allow: 'anyone' | readonly TRole[];
}

/** Whether a caller with this role (null: anonymous) passes a rule. */
export function isAllowed(access: TAccess, role: TRole | null): boolean {
  if (access.allow === 'anyone') return true;
  return role !== null && access.allow.includes(role);
}
