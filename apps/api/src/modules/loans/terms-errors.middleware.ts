import { DomainError } from '@loanbook/domain/errors';
import { TRPCError } from '@trpc/server';
import { clientErrorDetails } from '../../trpc/error-mapping';
import { middleware } from '../../trpc/init';
import { termsFieldErrors } from './loan.service';

/**
 * Every invalid field of a loan's terms in one round. The schema runs first and stops the call; without
 * this, a term of 0 months hid an amount above the product's maximum until the term was fixed. Used
 * before `.input()`, so it sees the schema's refusal and adds what the product's limits say about the
 * fields the schema accepted.
 */
export const withTermsErrors = middleware(async ({ ctx, getRawInput, next }) => {
  const result = await next();
  if (result.ok || !(result.error instanceof TRPCError) || result.error.code !== 'BAD_REQUEST') return result;
  const { fieldErrors } = clientErrorDetails(result.error);
  if (!fieldErrors) return result;
  const limits = await termsFieldErrors(ctx.em, await getRawInput().catch(() => undefined));
  const unreported = Object.entries(limits).filter(([field]) => !(field in fieldErrors));
  if (unreported.length === 0) return result;
  throw new DomainError('BAD_REQUEST', 'Invalid input', {
    ...fieldErrors,
    ...Object.fromEntries(unreported),
  });
});
