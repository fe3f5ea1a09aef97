import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1). `@node-rs/argon2` hashes on the
 * libuv thread pool, so logins never block the event loop.
 */
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most this many hashes at once (one core's worth each, ≈ 30–50 ms): all cores but one, so a storm of
 * sign-ins queues its hashes instead of taking every core from the reads (docs/performance.md, login
 * storm). One on a two-core machine; the queue is first come, first served.
 */
export const CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1);

/** A counting semaphore: `run(work)` starts `work` once fewer than `size` are running, in call order. */
export function createLimiter(size: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
const limited = createLimiter(CONCURRENT_HASHES);

export const hashPassword = (password: string): Promise<string> => limited(() => hash(password, ARGON2ID));

/**
 * A hash of a random string, verified against when the username is unknown, so an unknown user and a wrong
 * password take the same time and get the same answer.
 */
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword(crypto.randomUUID());
    const against = await dummyHash;
    await limited(() => verify(against, password));
    return false;
  }
  return limited(() => verify(passwordHash, password));
}
