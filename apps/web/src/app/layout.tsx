import { Burger, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, type RegisteredRouter, useRouterState } from '@tanstack/react-router';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { AnchorLink, ButtonLink } from '../components/links';
import type { TSession } from '../lib/session';
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
    <div className="app-shell" data-with-nav={session ? '' : undefined}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {session && (
              <Burger
                opened={isNavOpen}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={isNavOpen ? 'Close navigation' : 'Open navigation'}
                aria-expanded={isNavOpen}
                aria-controls="main-navigation"
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
      </header>
      {session && (
        <nav
          className="app-navbar"
          id="main-navigation"
          aria-label="Main"
          data-open={isNavOpen ? '' : undefined}
        >
          {items.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              preload="intent"
              className="app-nav-link"
              data-active={pathname === item.to ? '' : undefined}
              aria-current={pathname === item.to ? 'page' : undefined}
            >
              {item.label}
            </Link>
          ))}
        </nav>
      )}
      <main className="app-main" id="main" tabIndex={-1}>
        <WithData fallback={<RoutePending />}>
          <SessionWatcher />
          <Outlet />
          <PageLive />
        </WithData>
      </main>
    </div>
  );
}

/**
 * A page prerendered at build (build/prerender.ts) stays `inert` — seen, not usable — until React has made
 * it live. This effect runs once the screen, in the same Suspense boundary, has been hydrated (or
 * rendered): earlier, something typed would be in the page but not in the form's state.
 */
function PageLive() {
  useEffect(() => {
    document.getElementById('root')?.removeAttribute('inert');
  }, []);
  return null;
}

/** TanStack Query and tRPC, in their own chunk (data-layer.tsx); started by app.tsx as the app loads. */
let dataLayer: Promise<typeof import('./data-layer')> | undefined;
export const loadDataLayer = () => {
  dataLayer ??= import('./data-layer');
  return dataLayer;
};
const DataProvider = lazy(() => loadDataLayer().then((module) => ({ default: module.DataProvider })));
const SessionWatcher = lazy(() => loadDataLayer().then((module) => ({ default: module.SessionWatcher })));

/** Children that use the API: rendered once the data layer's chunk is there. */
function WithData({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <DataProvider>{children}</DataProvider>
    </Suspense>
  );
}

/** The account menu loads with its own chunk (see account-menu.tsx), a moment after signing in. */
const AccountMenu = lazy(() => import('./account-menu').then((module) => ({ default: module.AccountMenu })));

function SignedInMenu({ session }: { session: TSession }) {
  return (
    <WithData fallback={<Loader size="xs" aria-label="Loading the account menu" />}>
      <AccountMenu session={session} />
    </WithData>
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

/** The alert and lib/errors.ts (tRPC's error class with it) load only when a screen fails. */
const RouteErrorAlert = lazy(() => import('./route-error'));

export function RouteError({ error }: { error: unknown }) {
  return (
    <Suspense fallback={<RoutePending />}>
      <RouteErrorAlert error={error} />
    </Suspense>
  );
}

export function RoutePending() {
  return (
    <Center py="xl" role="status">
      <Loader size="sm" aria-label="Loading the page" />
    </Center>
  );
}
