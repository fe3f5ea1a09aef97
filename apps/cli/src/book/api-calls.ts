import { errorDetails, type LoanbookErrorDetails } from '@loanbook/client';

/** Errors that are about the row (its data, its state): the row is rejected and the import goes on. */
const ROW_ERRORS = new Set(['BAD_REQUEST', 'CONFLICT', 'NOT_FOUND', 'INTERNAL_SERVER_ERROR']);
/** Errors that may pass if the same call is sent again a moment later. */
const TRANSIENT = new Set([
  null,
  'SERVICE_UNAVAILABLE',
  'TOO_MANY_REQUESTS',
  'TIMEOUT',
  'BAD_GATEWAY',
  'GATEWAY_TIMEOUT',
]);

/** A failed call that is about a row: what the API said. */
export class RowError extends Error {
  constructor(
    /** The step that failed: `register`, `open`, `approve`, `disburse`, `repay`, … */
    readonly stage: string,
    readonly details: LoanbookErrorDetails,
  ) {
    super(details.message);
  }
}

/**
 * A failure that stops the import (the session ended, the account may not do this, the server stays
 * unreachable): going on would fail every remaining row the same way. A re-run continues where it stopped.
 */
export class StopImport extends Error {
  constructor(readonly details: LoanbookErrorDetails) {
    super(
      details.code === null
        ? `Loanbook did not answer (${details.message})`
        : `${details.code}: ${details.message}`,
    );
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one API call. Row errors become `RowError`; a transient failure is retried when the call is safe
 * to repeat (reads, keyed repayments), and otherwise — or once retries are used up — stops the import,
 * like any other error.
 */
export async function call<T>(
  stage: string,
  run: () => Promise<T>,
  { repeatable }: { repeatable: boolean },
): Promise<T> {
  const delays = repeatable ? [500, 1_000, 2_000, 4_000] : [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const details = errorDetails(error);
      if (details.code !== null && ROW_ERRORS.has(details.code)) throw new RowError(stage, details);
      const delay = delays[attempt];
      if (delay === undefined || !TRANSIENT.has(details.code)) throw new StopImport(details);
      await sleep(delay);
    }
  }
}
