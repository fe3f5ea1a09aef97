import { type NotificationData, notifications } from '@mantine/notifications';

/**
 * A toast whose close button has an accessible name (Mantine's has none by default). Returns its id, so a
 * screen can take back a toast that no longer describes what it shows (see `hideNotification`).
 */
export function notify(data: NotificationData): string {
  return notifications.show({ closeButtonProps: { 'aria-label': 'Dismiss notification' }, ...data });
}

export function hideNotification(id: string): void {
  notifications.hide(id);
}

/** Removes every toast, shown or queued: on sign-out and when a session ends, none may reach the next person. */
export function clearNotifications(): void {
  notifications.clean();
}
