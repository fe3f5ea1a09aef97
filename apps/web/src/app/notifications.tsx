import '@mantine/notifications/styles.css';
import { Notifications } from '@mantine/notifications';

/**
 * Where toasts appear. Its own chunk (the container and its transitions, ~9 kB gzip), rendered from the
 * first toast on (app.tsx); that toast waits in Mantine's store until the container mounts.
 */
export default function AppNotifications() {
  return <Notifications position="bottom-right" />;
}
