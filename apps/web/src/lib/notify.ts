import { type NotificationData, notifications } from '@mantine/notifications';

/** A toast whose close button has an accessible name (Mantine's has none by default). */
export function notify(data: NotificationData): void {
  notifications.show({ closeButtonProps: { 'aria-label': 'Dismiss notification' }, ...data });
}
