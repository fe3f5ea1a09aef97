import { useSyncExternalStore } from 'react';
import { getSession, subscribeSession, type TSession } from '../lib/session';

/** The signed-in session, re-rendering when someone signs in or out. */
export const useSession = (): TSession | null =>
  useSyncExternalStore(subscribeSession, getSession, () => null);

/** For screens behind a role guard, where a session is certain. */
export function useSignedIn(): TSession {
  const session = useSession();
  if (!session) throw new Error('This screen needs a signed-in session (its route guard should ensure one)');
  return session;
}
