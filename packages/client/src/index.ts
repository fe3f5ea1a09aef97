/**
 * `@loanbook/client`: a typed client for the Loanbook API.
 *
 *   const client = createLoanbookClient({ url: 'https://loans.example.com', token });
 *   const { items } = await client.loans.list.query({ status: ['ACTIVE'] });
 */
export {
  createLoanbookClient,
  type LoanbookClient,
  type LoanbookClientOptions,
  type LoanbookToken,
  MAX_BATCH_SIZE,
  trpcEndpoint,
} from './client.js';
export {
  errorDetails,
  type FieldErrors,
  isLoanbookError,
  type LoanbookError,
  type LoanbookErrorCode,
  type LoanbookErrorDetails,
  type LoanbookErrorReason,
} from './errors.js';
export type { AppRouter, ErrorShape } from './router.js';
export type * from './types.js';
