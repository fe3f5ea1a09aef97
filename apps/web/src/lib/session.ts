import type { TUser } from '@loanbook/domain/accounts';

/** The signed-in person as the app keeps them: the bearer token, when it dies, and who it belongs to. */
export interface TSession {
  token: string;
  expiresAt: string;
  user: TUser;
}

/** Why a session ended, shown on the login page. */
export type TSessionEndReason = 'expired' | 'suspended' | 'signed-out' | 'password-changed';
export const SESSION_END_REASONS: readonly TSessionEndReason[] = [
  'expired',
  'suspended',
  'signed-out',
  'password-changed',
];
/** The reasons an API answer can give for ending a session. */
export type TSessionLostReason = Extract<TSessionEndReason, 'expired' | 'suspended'>;

/** Where the session is kept (scripts/lighthouse.ts puts one there to audit signed-in pages). */
export const SESSION_STORAGE_KEY = 'loanbook.session';

/**
 * Sessions live in `sessionStorage`, one per browser tab (docs/web.md "Token storage"): closing the tab or
 * browser on a shared back-office computer ends it, and staff can keep two roles open in two tabs. The
 * token lives at most an hour anyway and is never extended silently.
 */
const storage = (): Storage | null => (typeof sessionStorage === 'undefined' ? null : sessionStorage);

let current: TSession | null = null;
let loaded = false;
const listeners = new Set<() => void>();

function isSession(value: unknown): value is TSession {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<TSession>;
  return (
    typeof candidate.token === 'string' &&
    typeof candidate.expiresAt === 'string' &&
    typeof candidate.user === 'object' &&
    candidate.user !== null
  );
}

const isExpired = (session: TSession, now = Date.now()) => Date.parse(session.expiresAt) <= now;

function load(): TSession | null {
  const raw = storage()?.getItem(SESSION_STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSession(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The session held, expired or not. */
function held(): TSession | null {
  if (!loaded) {
    current = load();
    loaded = true;
  }
  return current;
}

/** The current session, or null when nobody is signed in (or the token has expired). */
export function getSession(): TSession | null {
  const session = held();
  return session && !isExpired(session) ? session : null;
}

/**
 * Whether a session is still held whose token has expired (the tab was left open, or reopened later):
 * the login page then says why the person has to sign in again. Signing in or out forgets it.
 */
export function hasExpiredSession(): boolean {
  const session = held();
  return session !== null && isExpired(session);
}

export function setSession(session: TSession | null): void {
  current = session;
  loaded = true;
  if (session) storage()?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  else storage()?.removeItem(SESSION_STORAGE_KEY);
  for (const listener of listeners) listener();
}

let holds = 0;

/**
 * Runs `renew`, during which answers that the session is over are not acted on: changing the password
 * ends the current token too, and `renew` replaces it with a new one before anything else may.
 */
export async function whileRenewingSession<T>(renew: () => Promise<T>): Promise<T> {
  holds += 1;
  try {
    return await renew();
  } finally {
    holds -= 1;
  }
}

export const isRenewingSession = (): boolean => holds > 0;

/** For `useSyncExternalStore`. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where each role lands after signing in. */
export function homePathFor(role: TUser['role']): '/my-loans' | '/queue' | '/approvals' {
  switch (role) {
    case 'customer':
      return '/my-loans';
    case 'agent':
      return '/queue';
    case 'admin':
      return '/approvals';
  }
}

/** Only same-origin app paths are followed after login, never `//evil.example` or `https://…`. */
export function safeRedirect(path: string | undefined): string | null {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
  if (path.startsWith('/login') || path.startsWith('/signup')) return null;
  return path;
}
