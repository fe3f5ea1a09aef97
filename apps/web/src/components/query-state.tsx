import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useDeferredValue } from 'react';
import { describeError } from '../lib/errors';

export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}…</Text>
      </Group>
    </Center>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" title="Could not load this" role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{describeError(error)}</Text>
        {onRetry && (
          <Button size="xs" color="red.9" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyMessage({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap={4} py="xl" px="md" data-testid="empty-state">
      <Text fw={600}>{title}</Text>
      {children && (
        <Text c="dimmed" size="sm" ta="center">
          {children}
        </Text>
      )}
    </Stack>
  );
}

interface TQueryStateProps<T> {
  query: UseQueryResult<T, unknown>;
  children: (data: T) => ReactNode;
  /** When given and true for the data, `empty` is shown instead of the children. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loadingLabel?: string;
}

/**
 * Loading, error (with a retry) and empty states for one query, so no screen forgets them.
 *
 * The children see the data through `useDeferredValue`: TanStack Query announces an answer as a
 * synchronous update, and a screen drawn from it (a loan's page: terms, schedule, ledger) would be one
 * long task that a slow phone cannot interrupt. Deferred, React draws it in slices of a few milliseconds
 * between which the browser stays responsive, showing the previous state (loading, or the last data)
 * meanwhile (docs/web.md "Delivery").
 */
export function QueryState<T>({ query, children, isEmpty, empty, loadingLabel }: TQueryStateProps<T>) {
  const data = useDeferredValue(query.data);
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (data === undefined) return <LoadingState label={loadingLabel} />;
  if (isEmpty?.(data)) return <>{empty ?? <EmptyMessage title="Nothing here yet" />}</>;
  return <>{children(data)}</>;
}
