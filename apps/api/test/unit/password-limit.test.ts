import { describe, expect, it } from 'vitest';
import {
  CONCURRENT_HASHES,
  createLimiter,
  hashPassword,
  verifyPassword,
} from '../../src/modules/auth/password';

/** The cap on concurrent argon2 hashes (docs/performance.md, login storm). */
describe('createLimiter', () => {
  it('runs at most `size` at once, in call order, and frees the slot on failure too', async () => {
    const run = createLimiter(2);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const task = (id: number, fail = false) =>
      run(async () => {
        started.push(id);
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
        if (fail) throw new Error(`task ${id}`);
        return id;
      });
    const results = [task(1, true), task(2), task(3), task(4), task(5)].map((p) =>
      p.then(
        (value) => value,
        (error: Error) => error.message,
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]);
    while (started.length < 5 || releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(results)).toEqual(['task 1', 2, 3, 4, 5]);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});

describe('password hashing under the cap', () => {
  it('leaves a core free and still verifies concurrent sign-ins correctly', async () => {
    expect(CONCURRENT_HASHES).toBeGreaterThanOrEqual(1);
    const hashes = await Promise.all(['a-password-1', 'a-password-2', 'a-password-3'].map(hashPassword));
    const checks = await Promise.all([
      verifyPassword(hashes[0] ?? null, 'a-password-1'),
      verifyPassword(hashes[1] ?? null, 'wrong'),
      verifyPassword(null, 'a-password-3'),
      verifyPassword(hashes[2] ?? null, 'a-password-3'),
    ]);
    expect(checks).toEqual([true, false, false, true]);
  });
});
