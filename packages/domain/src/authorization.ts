import type { TRole } from './accounts/schemas';

/**
 * Who may call each procedure. `'anyone'` includes anonymous callers. Role entries require a signed-in,
 * active account (an agent must be APPROVED); resource rules (a customer's own loans) are enforced by the
 * services and noted here for the generated `docs/authorization.md`.
 *
 * Every procedure of the router must have an entry: the API refuses to start otherwise, and a test
 * enumerates the router against this table.
 */
export interface TAccessRule {
  allow: 'anyone' | readonly TRole[];
  note?: string;
}

const anyone: TAccessRule = { allow: 'anyone' };
const signedIn: TAccessRule = { allow: ['customer', 'agent', 'admin'] };
const adminOnly: TAccessRule = { allow: ['admin'] };
const staff: TAccessRule = { allow: ['agent', 'admin'] };

export const ACCESS_MATRIX = {
  'auth.registerCustomer': anyone,
  'auth.registerAgent': {
    allow: 'anyone',
    note: 'the agent starts PENDING and cannot sign in until approved',
  },
  'auth.login': { allow: 'anyone', note: 'pending, rejected and suspended agents are refused (403)' },
  'auth.me': signedIn,
  'auth.changePassword': { allow: ['customer', 'agent', 'admin'], note: 'ends every session issued before' },
  'users.list': adminOnly,
  'customers.list': staff,
  'agents.list': adminOnly,
  'agents.approve': adminOnly,
  'agents.reject': adminOnly,
  'agents.suspend': adminOnly,
  'agents.reinstate': adminOnly,
  'loanProducts.list': anyone,
  'loanProducts.create': adminOnly,
  'loanProducts.update': adminOnly,
  'loans.quote': anyone,
  'loans.apply': { allow: ['customer'], note: 'for themself' },
  'loans.openForCustomer': { allow: ['agent'], note: 'the loan starts PENDING with this agent as its agent' },
  'loans.forward': { allow: ['agent'], note: 'NEW loans only; records the agent' },
  'loans.update': { allow: ['agent'], note: 'NEW loans, or PENDING loans the agent forwarded' },
  'loans.withdraw': { allow: ['customer'], note: "the loan's own customer; others get 404" },
  'loans.approve': { allow: ['admin'], note: 'PENDING loans only' },
  'loans.reject': { allow: ['admin'], note: 'PENDING loans only' },
  'loans.get': { allow: ['customer', 'agent', 'admin'], note: "customers: own loans only, others' are 404" },
  'loans.history': {
    allow: ['customer', 'agent', 'admin'],
    note: "customers: own loans only, others' are 404",
  },
  'loans.list': { allow: ['customer', 'agent', 'admin'], note: 'customers: own loans only' },
} as const satisfies Record<string, TAccessRule>;

export type TProcedurePath = keyof typeof ACCESS_MATRIX;

export const accessRuleFor = (path: string): TAccessRule | undefined =>
  (ACCESS_MATRIX as Record<string, TAccessRule>)[path];

/** Whether a caller with this role (null: anonymous) passes the matrix for a procedure. */
export function isAllowed(rule: TAccessRule, role: TRole | null): boolean {
  if (rule.allow === 'anyone') return true;
  return role !== null && rule.allow.includes(role);
}
