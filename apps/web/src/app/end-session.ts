import type { QueryClient } from '@tanstack/react-query';
import { clearNotifications } from '../lib/notify';
import {
  getSession,
  hasExpiredSession,
  safeRedirect,
  setSession,
  type TSessionEndReason,
} from '../lib/session';
import type { TAppRouter } from './router';

let isEnding = false;

/**
 * Ends the session — signed out, expired or suspended — and takes the person to the login page, which
 * says why. When the session ended by itself, the page they were on is remembered, so signing in again
 * brings them back. Toasts go with the session (none may reach the next person at this browser); the
 * signed-in screens unmount before the session is gone (`SignedInOutlet`), and the query cache is dropped
 * once they have.
 */
export function endSession(router: TAppRouter, queryClient: QueryClient, reason: TSessionEndReason): void {
  if (isEnding || (!getSession() && !hasExpiredSession())) return;
  isEnding = true;
  const redirect =
    reason === 'signed-out' ? undefined : (safeRedirect(router.state.location.href) ?? undefined);
  clearNotifications();
  setSession(null);
  void router.navigate({ to: '/login', search: { redirect, reason } }).finally(() => {
    queryClient.clear();
    clearNotifications();
    isEnding = false;
  });
}
