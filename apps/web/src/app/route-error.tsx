import { Alert } from '@mantine/core';
import { describeError } from '../lib/errors';

/** A screen that failed (its chunk or its data), in words (lib/errors.ts). Loaded only when one fails. */
export default function RouteErrorAlert({ error }: { error: unknown }) {
  return (
    <Alert color="red" title="Something went wrong" role="alert">
      {describeError(error)}
    </Alert>
  );
}
