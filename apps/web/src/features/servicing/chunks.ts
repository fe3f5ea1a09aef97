/**
 * The API answers at most 10 procedure calls per batched request (docs/security.md): per-row look-ups of
 * a page go out in groups of that size, one request after the other.
 */
export const MAX_CALLS_PER_REQUEST = 10;

export async function inChunks<T, R>(
  items: readonly T[],
  call: (item: T) => Promise<R>,
  size = MAX_CALLS_PER_REQUEST,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(call))));
  }
  return results;
}
