import { Alert, AppShell, Burger, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Outlet, type RegisteredRouter, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useEffect } from 'react';
import { AnchorLink, ButtonLink, NavLinkLink } from '../components/links';
import { describeError } from '../lib/errors';
import type { TSession } from '../lib/session';
import { useTRPC } from '../lib/trpc';
import { useSession } from './use-session';

/** Only paths of the route tree: a typo in the navigation fails the type check. */
type TNavItem = { to: keyof RegisteredRouter['routesByPath']; label: string };

const NAV: Record<TSession['user']['role'], TNavItem[]> = {
  customer: [
    { to: '/my-loans', label: 'My loans' },
    { to: '/apply', label: 'Apply for a loan' },
  ],
  agent: [
    { to: '/queue', label: 'Work queue' },
    { to: '/loans', label: 'All loans' },
    { to: '/collections', label: 'Collections queue' },
    { to: '/my-requests', label: 'My forwarded requests' },
    { to: '/customers', label: 'Customers' },
    { to: '/open-loan', label: 'Open a loan for a customer' },
  ],
  admin: [
    { to: '/approvals', label: 'Pending approvals' },
    { to: '/dashboard', label: 'Portfolio dashboard' },
    { to: '/collections', label: 'Collections queue' },
    { to: '/loans', label: 'All loans' },
    { to: '/agent-applications', label: 'Agent applications' },
    { to: '/agents', label: 'Agents' },
    { to: '/users', label: 'Users' },
    { to: '/products', label: 'Loan products' },
  ],
};

/**
 * The shell around every screen: header with the signed-in person and sign-out, and the role's
 * navigation (a drawer behind a burger on phones).
 */
export function AppLayout() {
  const session = useSession();
  const [isNavOpen, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  useEffect(() => {
    close();
  }, [pathname, close]);
  const items = session ? NAV[session.user.role] : [];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={session ? { width: 250, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } } : undefined}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {session && (
              <Burger
                opened={isNavOpen}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={isNavOpen ? 'Close navigation' : 'Open navigation'}
              />
            )}
            <AnchorLink to="/" underline="never" c="inherit">
              <Text fw={800} size="lg">
                Loanbook
              </Text>
            </AnchorLink>
          </Group>
          {session ? <SignedInMenu session={session} /> : <SignedOutLinks />}
        </Group>
      </AppShell.Header>
      {session && (
        <AppShell.Navbar p="xs" aria-label="Main navigation">
          <nav aria-label="Main">
            {items.map((item) => (
              <NavLinkLink
                key={item.to}
                variant="filled"
                to={item.to}
                label={item.label}
                active={pathname === item.to}
                aria-current={pathname === item.to ? 'page' : undefined}
              />
            ))}
          </nav>
        </AppShell.Navbar>
      )}
      <AppShell.Main id="main" tabIndex={-1}>
        {session && <SessionWatcher />}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** The account menu loads with its own chunk (see account-menu.tsx), a moment after signing in. */
const AccountMenu = lazy(() => import('./account-menu').then((module) => ({ default: module.AccountMenu })));

function SignedInMenu({ session }: { session: TSession }) {
  return (
    <Suspense fallback={<Loader size="xs" aria-label="Loading the account menu" />}>
      <AccountMenu session={session} />
    </Suspense>
  );
}

function SignedOutLinks() {
  return (
    <Group gap="xs">
      <ButtonLink to="/login" variant="subtle" size="xs">
        Sign in
      </ButtonLink>
      <ButtonLink to="/signup" size="xs">
        Sign up
      </ButtonLink>
    </Group>
  );
}

/**
 * Re-checks the account every minute and when the tab regains focus, so a suspension or an expired
 * token sends the person to login even if they are only reading (the QueryClient's error handler does
 * the sending).
 */
function SessionWatcher() {
  const trpc = useTRPC();
  useQuery({ ...trpc.auth.me.queryOptions(), refetchInterval: 60_000, refetchOnWindowFocus: true });
  return null;
}

/**
 * The screens of a guarded route group, only while someone is signed in: when the session ends, they are
 * unmounted before anything renders without one (the route guards send the person to login).
 */
export function SignedInOutlet() {
  const session = useSession();
  return session ? <Outlet /> : null;
}

export function NotFound() {
  return (
    <Stack align="flex-start">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>There is nothing at this address.</Text>
      <AnchorLink to="/">Go to your start page</AnchorLink>
    </Stack>
  );
}

export function RouteError({ error }: { error: unknown }) {
  return (
    <Alert color="red" title="Something went wrong" role="alert">
      {describeError(error)}
    </Alert>
  );
}

export function RoutePending() {
  return (
    <Center py="xl" role="status">
      <Loader size="sm" aria-label="Loading the page" />
    </Center>
  );
}
