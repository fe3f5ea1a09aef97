import { Button, Group, Text } from '@mantine/core';

/** Previous / next for a keyset-paginated list. */
export function Pager({
  pageNumber,
  hasPrevious,
  nextCursor,
  onPrevious,
  onNext,
  isFetching,
}: {
  pageNumber: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  isFetching?: boolean;
}) {
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
