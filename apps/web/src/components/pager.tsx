import { Button, Group, Text } from '@mantine/core';
import type { TCursorPages } from '../lib/use-cursor-pages';

/** Previous/next for a keyset-paged list, driven by the `useCursorPages` state of that list. */
export function Pager({
  pages,
  nextCursor,
  isFetching,
}: {
  pages: TCursorPages;
  nextCursor: string | null | undefined;
  isFetching?: boolean;
}) {
  const { pageNumber, hasPrevious, previous: onPrevious, next: onNext } = pages;
  if (!hasPrevious && !nextCursor) return null;
  return (
    <Group justify="space-between" mt="sm" component="nav" aria-label="Pages">
      <Button variant="default" size="xs" onClick={onPrevious} disabled={!hasPrevious || isFetching}>
        ← Previous
      </Button>
      <Text size="sm" c="dimmed" aria-live="polite">
        Page {pageNumber}
      </Text>
      <Button
        variant="default"
        size="xs"
        onClick={() => nextCursor && onNext(nextCursor)}
        disabled={!nextCursor || isFetching}
      >
        Next →
      </Button>
    </Group>
  );
}
