import type { TRole } from '@loanbook/domain/accounts';
import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  type ParsedLocation,
  type RouterHistory,
  redirect,
} from '@tanstack/react-router';
import { isAgentTab, type TAgentTab } from '../features/admin/agent-tabs';
import { parseLoanFilters } from '../features/loans/loan-filters-model';
import { parseCollectionsFilters } from '../features/servicing/collections-filters';
import {
  getSession,
  hasExpiredSession,
  homePathFor,
  SESSION_END_REASONS,
  type TSessionEndReason,
} from '../lib/session';
import { AppLayout, NotFound, RouteError, RoutePending, SignedInOutlet } from './layout';

/**
 * The route tree. Pathless layout routes carry the role guards; every screen is its own chunk
 * (`lazyRouteComponent`, React.lazy with preloading on link hover), so the initial bundle holds only the
 * shell.
 */
const rootRoute = createRootRoute({
  component: AppLayout,
  notFoundComponent: NotFound,
  errorComponent: RouteError,
  pendingComponent: RoutePending,
});

/**
 * Guard: a signed-in person whose role is listed; others go to login (and come back, told why when their
 * session expired) or to their home.
 */
function requireRole(roles: readonly TRole[]) {
  return ({ location }: { location: ParsedLocation }) => {
    const session = getSession();
    if (!session) {
      const reason = hasExpiredSession() ? 'expired' : undefined;
      throw redirect({ to: '/login', search: { redirect: location.href, reason } });
    }
    if (!roles.includes(session.user.role)) throw redirect({ to: homePathFor(session.user.role) });
  };
}

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    const session = getSession();
    throw redirect({ to: session ? homePathFor(session.user.role) : '/login' });
  },
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string; reason?: TSessionEndReason } => ({
    redirect: typeof search.redirect === 'string' ? search.redirect : undefined,
    reason: SESSION_END_REASONS.find((reason) => reason === search.reason),
  }),
  component: lazyRouteComponent(() => import('../features/auth/login-screen'), 'LoginScreen'),
});

const signupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/signup',
  component: lazyRouteComponent(() => import('../features/auth/signup-screen'), 'SignupScreen'),
});

// Any signed-in role.
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: requireRole(['customer', 'agent', 'admin']),
  component: SignedInOutlet,
});
const changePasswordRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/account/password',
  component: lazyRouteComponent(
    () => import('../features/account/change-password-screen'),
    'ChangePasswordScreen',
  ),
});
const loanDetailRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/loans/$loanId',
  component: lazyRouteComponent(() => import('../features/loans/loan-detail-screen'), 'LoanDetailScreen'),
});
const statementRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/loans/$loanId/statement',
  component: lazyRouteComponent(() => import('../features/servicing/statement-screen'), 'StatementScreen'),
});

// Customers.
const customerRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'customer',
  beforeLoad: requireRole(['customer']),
  component: SignedInOutlet,
});
const applyRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/apply',
  component: lazyRouteComponent(() => import('../features/customer/apply-screen'), 'ApplyScreen'),
});
const myLoansRoute = createRoute({
  getParentRoute: () => customerRoute,
  path: '/my-loans',
  component: lazyRouteComponent(() => import('../features/customer/my-loans-screen'), 'MyLoansScreen'),
});

// Agents and admins.
const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'staff',
  beforeLoad: requireRole(['agent', 'admin']),
  component: SignedInOutlet,
});
const allLoansRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/loans',
  validateSearch: parseLoanFilters,
  component: lazyRouteComponent(() => import('../features/loans/all-loans-screen'), 'AllLoansScreen'),
});
const customersRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/customers',
  component: lazyRouteComponent(() => import('../features/agent/customers-screen'), 'CustomersScreen'),
});
const collectionsRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/collections',
  validateSearch: parseCollectionsFilters,
  component: lazyRouteComponent(
    () => import('../features/servicing/collections-screen'),
    'CollectionsScreen',
  ),
});

// Agents.
const agentRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'agent',
  beforeLoad: requireRole(['agent']),
  component: SignedInOutlet,
});
const queueRoute = createRoute({
  getParentRoute: () => agentRoute,
  path: '/queue',
  component: lazyRouteComponent(() => import('../features/agent/queue-screen'), 'QueueScreen'),
});
const myRequestsRoute = createRoute({
  getParentRoute: () => agentRoute,
  path: '/my-requests',
  component: lazyRouteComponent(() => import('../features/agent/my-requests-screen'), 'MyRequestsScreen'),
});
const openLoanRoute = createRoute({
  getParentRoute: () => agentRoute,
  path: '/open-loan',
  validateSearch: (search: Record<string, unknown>): { customerId?: string } => ({
    customerId: typeof search.customerId === 'string' ? search.customerId : undefined,
  }),
  component: lazyRouteComponent(() => import('../features/agent/open-loan-screen'), 'OpenLoanScreen'),
});
const editLoanRoute = createRoute({
  getParentRoute: () => agentRoute,
  path: '/loans/$loanId/edit',
  component: lazyRouteComponent(() => import('../features/loans/loan-edit-screen'), 'LoanEditScreen'),
});

// Admins.
const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'admin',
  beforeLoad: requireRole(['admin']),
  component: SignedInOutlet,
});
const approvalsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/approvals',
  component: lazyRouteComponent(() => import('../features/admin/approvals-screen'), 'ApprovalsScreen'),
});
const agentApplicationsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/agent-applications',
  component: lazyRouteComponent(
    () => import('../features/admin/agent-applications-screen'),
    'AgentApplicationsScreen',
  ),
});
const agentsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/agents',
  validateSearch: (search: Record<string, unknown>): { status?: TAgentTab } => ({
    status: isAgentTab(search.status) ? search.status : undefined,
  }),
  component: lazyRouteComponent(() => import('../features/admin/agents-screen'), 'AgentsScreen'),
});
const usersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/users',
  component: lazyRouteComponent(() => import('../features/admin/users-screen'), 'UsersScreen'),
});
const productsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/products',
  component: lazyRouteComponent(() => import('../features/admin/products-screen'), 'ProductsScreen'),
});
const dashboardRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/dashboard',
  component: lazyRouteComponent(() => import('../features/admin/dashboard-screen'), 'DashboardScreen'),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  loginRoute,
  signupRoute,
  signedInRoute.addChildren([loanDetailRoute, changePasswordRoute, statementRoute]),
  customerRoute.addChildren([applyRoute, myLoansRoute]),
  staffRoute.addChildren([allLoansRoute, customersRoute, collectionsRoute]),
  agentRoute.addChildren([queueRoute, myRequestsRoute, openLoanRoute, editLoanRoute]),
  adminRoute.addChildren([
    approvalsRoute,
    agentApplicationsRoute,
    agentsRoute,
    usersRoute,
    productsRoute,
    dashboardRoute,
  ]),
]);

/** The app's router; tests pass a memory history. */
export function createAppRouter(history?: RouterHistory) {
  return createRouter({
    routeTree,
    history,
    defaultPreload: 'intent',
    // Data is cached by TanStack Query; the router only preloads code.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

export type TAppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: TAppRouter;
  }
}
