import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is making the current change; read by the history subscriber inside the flush. */
export interface TActor {
  id: string | null;
  username: string;
  role: string;
}

/** Changes made outside a request (migrations, the first-admin bootstrap) are attributed to the system. */
export const SYSTEM_ACTOR: TActor = { id: null, username: 'system', role: 'system' };

const storage = new AsyncLocalStorage<TActor>();

/** Runs `fn` with `actor` as the author of every change it flushes. */
export const runAsActor = <T>(actor: TActor, fn: () => T): T => storage.run(actor, fn);

export const currentActor = (): TActor => storage.getStore() ?? SYSTEM_ACTOR;
