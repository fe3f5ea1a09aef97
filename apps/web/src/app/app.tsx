import './mantine-styles';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { useNotifications } from '@mantine/notifications';
import { RouterProvider } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { loadDataLayer } from './layout';
import { createAppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';

const router = createAppRouter();
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
// Beside the first screen's chunk, not after it: every screen renders inside it (layout.tsx).
void loadDataLayer();

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <ToastsOnDemand />
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
