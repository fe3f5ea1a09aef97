// Wrong calls the types must refuse: every `@ts-expect-error` below must meet an error, or tsc fails.
import { createLoanbookClient, type Loan, type LoanbookError } from '@loanbook/client';

export async function wrongInputs(loan: Loan, error: LoanbookError) {
  const client = createLoanbookClient({ url: 'http://localhost:3000', token: 'token' });

  // @ts-expect-error an amount is a decimal string or a number
  await client.loans.create.mutate({ productCode: 'HOME', amount: true, termMonths: 12 });
  // @ts-expect-error termMonths is required
  await client.loans.create.mutate({ productCode: 'HOME', amount: '10000.00' });
  // @ts-expect-error a repayment needs an idempotency key
  await client.loans.repay.mutate({ loanId: loan.id, amount: '100.00' });
  // @ts-expect-error status filters take a list
  await client.loans.list.query({ status: 'ACTIVE' });
  // @ts-expect-error no such status
  await client.loans.list.query({ status: ['OPEN'] });
  // @ts-expect-error no such procedure
  await client.loans.remove.mutate({ loanId: loan.id });
  // @ts-expect-error a query is not a mutation
  await client.loans.list.mutate({});
  // @ts-expect-error unknown fields are refused
  await client.loans.approve.mutate({ loanId: loan.id, note: 'ok' });
  // @ts-expect-error a token is a string or a function returning one
  createLoanbookClient({ url: 'http://localhost:3000', token: 42 });

  // @ts-expect-error money comes back as a decimal string
  const principal: number = loan.principal;
  // @ts-expect-error field errors are lists of messages
  const messages: string | undefined = error.data?.fieldErrors?.amount;
  // @ts-expect-error the error code is one of the API's codes
  const code: 'OOPS' | undefined = error.data?.code;
  return { principal, messages, code };
}
