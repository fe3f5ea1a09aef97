import './mantine-styles';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import { RouterProvider } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { loadDataLayer } from './layout';
import type { TAppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';

const Notifications = lazy(() => import('./notifications'));

/**
 * The toasts' container (its own chunk) from the first toast on: pages that show none never load it. A
 * toast raised before it is there waits in Mantine's store, which the container shows when it mounts.
 */
function ToastsOnDemand() {
  const { notifications, queue } = useNotifications();
  const [isWanted, setWanted] = useState(false);
  if (!isWanted && notifications.length + queue.length > 0) setWanted(true);
  return isWanted ? (
    <Suspense fallback={null}>
      <Notifications />
    </Suspense>
  ) : null;
}
// Beside the first screen's chunk, not after it: every screen renders inside it (layout.tsx). In a task
// of its own: its modules (preloaded) are then evaluated apart from the entry's, not in one long task.
setTimeout(loadDataLayer);

/** The app around a router: the browser's (main.tsx) or, at build time, a page's (prerender.tsx). */
export function App({ router }: { router: TAppRouter }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <ToastsOnDemand />
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
