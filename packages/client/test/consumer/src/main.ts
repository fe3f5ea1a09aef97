/**
 * An integrator's program, compiled outside the monorepo against the packed `@loanbook/client` and run
 * against a live server (LOANBOOK_URL, ADMIN_USERNAME, ADMIN_PASSWORD). Prints what it saw as JSON.
 */
import {
  createLoanbookClient,
  errorDetails,
  isLoanbookError,
  type Loan,
  type LoanbookClient,
  type LoanTransaction,
  type Position,
  type RouterInputs,
  type RouterOutputs,
} from '@loanbook/client';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const url = env('LOANBOOK_URL');
const stamp = Date.now().toString(36);
const password = 'a consumer passphrase';

async function signIn(username: string, secret: string): Promise<LoanbookClient> {
  const { token } = await createLoanbookClient({ url }).auth.login.mutate({ username, password: secret });
  return createLoanbookClient({ url, token });
}

const admin = await signIn(env('ADMIN_USERNAME'), env('ADMIN_PASSWORD'));
const anonymous = createLoanbookClient({ url, batch: false });
const customer = await anonymous.auth.registerCustomer.mutate({
  username: `consumer-${stamp}`,
  password,
  email: `consumer-${stamp}@example.com`,
});
const agentAccount = await anonymous.auth.registerAgent.mutate({
  username: `agent-${stamp}`,
  password,
  email: `agent-${stamp}@example.com`,
  phone: '+44 20 7946 0000',
});
await admin.agents.approve.mutate({ agentId: agentAccount.id });

// The token as a function, read before every request: sign in after the client exists.
let agentToken: string | null = null;
const agent = createLoanbookClient({ url, token: () => agentToken });
agentToken = (await anonymous.auth.login.mutate({ username: agentAccount.username, password })).token;

const terms: RouterInputs['loans']['openForCustomer'] = {
  customerId: customer.id,
  productCode: 'PERSONAL',
  amount: '1200.00',
  termMonths: 12,
};
const opened: Loan = await agent.loans.openForCustomer.mutate(terms);
await admin.loans.approve.mutate({ loanId: opened.id });
const disbursed = await admin.loans.disburse.mutate({
  loanId: opened.id,
  disbursedOn: '2025-01-15',
  reference: 'consumer-test',
});
const payment = {
  loanId: opened.id,
  amount: disbursed.monthlyInstallment,
  paidOn: '2025-02-15',
  idempotencyKey: `consumer-${stamp}-0001`,
};
const repayment: LoanTransaction = await agent.loans.repay.mutate(payment);
const replayed = await agent.loans.repay.mutate(payment);
const position: Position = await admin.loans.position.query({ loanId: opened.id, asOf: '2025-03-01' });

// Calls made together go out as one batched request.
const [me, products, page]: [
  RouterOutputs['auth']['me'],
  RouterOutputs['loanProducts']['list'],
  RouterOutputs['loans']['list'],
] = await Promise.all([
  admin.auth.me.query(),
  admin.loanProducts.list.query(),
  admin.loans.list.query({ customerId: customer.id, status: ['ACTIVE'] }),
]);

// Errors carry the API's code and the field errors, typed.
let invalid: {
  code: string | null;
  httpStatus: number | null;
  fieldErrors: Record<string, string[]>;
} | null = null;
try {
  await agent.loans.openForCustomer.mutate({ ...terms, amount: '0' });
} catch (error) {
  if (!isLoanbookError(error)) throw error;
  const fieldErrors: Record<string, string[]> | undefined = error.data?.fieldErrors;
  invalid = {
    code: error.data?.code ?? null,
    httpStatus: error.data?.httpStatus ?? null,
    fieldErrors: fieldErrors ?? {},
  };
}
const unauthorized = errorDetails(
  await createLoanbookClient({ url, token: 'not-a-token' })
    .auth.me.query()
    .catch((error: unknown) => error),
);
const forbidden = errorDetails(
  await agent.loans.approve.mutate({ loanId: opened.id }).catch((error: unknown) => error),
);

console.log(
  JSON.stringify({
    me: me.username,
    productCodes: products.map((product) => product.code),
    opened: { status: opened.status, agent: opened.agent?.username ?? null },
    disbursed: { status: disbursed.status, disbursedOn: disbursed.disbursedOn },
    repayment: {
      id: repayment.id,
      type: repayment.type,
      amount: repayment.amount,
      valueDate: repayment.valueDate,
    },
    replayedId: replayed.id,
    position: {
      principalOutstanding: position.principalOutstanding,
      nextDue: position.nextDue,
      states: position.installments.slice(0, 2).map((installment) => installment.state),
    },
    listed: page.items.map((loan) => loan.id),
    invalid,
    unauthorized,
    forbidden,
  }),
);
