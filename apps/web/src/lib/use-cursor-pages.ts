import { useState } from 'react';

/**
 * Keyset paging state: the cursors of the pages visited so far, so "Previous" needs no offset. The stack
 * resets whenever `resetKey` (the serialized filters) changes.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({
    key: resetKey,
    cursors: [undefined],
  });
  const cursors = state.key === resetKey ? state.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  return {
    cursor,
    pageNumber: cursors.length,
    hasPrevious: cursors.length > 1,
    next: (nextCursor: string) => setState({ key: resetKey, cursors: [...cursors, nextCursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
  };
}

export type TCursorPages = ReturnType<typeof useCursorPages>;
