import { DomainError, isDomainError, type TFieldErrors } from '@loanbook/domain/errors';
import {
  decideLoanTransition,
  type TLoanCommand,
  type TLoanListInput,
  type TLoanTerms,
  type TLoanUpdate,
  ZLoanTerms,
} from '@loanbook/domain/loans';
import { computeLoanFigures } from '@loanbook/domain/money';
import { assertWithinLimits, formatRatePercent, limitErrors } from '@loanbook/domain/products';
import type { TEntityManager } from '../../db/orm';
import type { TPrincipal } from '../auth/principal';
import { LoanProduct } from '../products/loan-product.entity';
import { findProductForPricing } from '../products/loan-products.service';
import { User } from '../users/user.entity';
import { toHistoryEntryDto } from './loan.dto';
import { type ILoan, Loan } from './loan.entity';
import { findLoan, findLoanHistory, findLoanView, listLoans } from './loan.repository';
import { presentActor, presentLoan, readLoan, visibleOrNotFound } from './loan-access';

/**
 * Prices terms at the product's current rate (the pricing cache's snapshot of it, at most
 * PRICING_CACHE_MAX_AGE_MS old for changes made by other processes): the figures a loan stores and a
 * quote shows.
 */
async function price(em: TEntityManager, terms: TLoanTerms) {
  const product = await findProductForPricing(em, terms.productCode);
  assertWithinLimits(product, terms.amount, terms.termMonths);
  const figures = computeLoanFigures({
    principal: terms.amount,
    annualRatePercent: product.annualRatePercent,
    termMonths: terms.termMonths,
  });
  return { product, figures };
}

/**
 * The field errors of loan terms whose fields are checked one by one: an unknown or withdrawn product,
 * an amount or a term outside the product's limits. Fields that fail their own schema are skipped, so
 * this can run beside a schema failure and every invalid field is reported in one round.
 */
export async function termsFieldErrors(em: TEntityManager, input: unknown): Promise<TFieldErrors> {
  const fields = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const { shape } = ZLoanTerms;
  const code = shape.productCode.safeParse(fields.productCode);
  const amount = shape.amount.safeParse(fields.amount);
  const termMonths = shape.termMonths.safeParse(fields.termMonths);
  if (!code.success) return {};
  try {
    const product = await findProductForPricing(em, code.data);
    return limitErrors(product, { amount: amount.data, termMonths: termMonths.data });
  } catch (error) {
    if (isDomainError(error) && error.fieldErrors) return error.fieldErrors;
    throw error;
  }
}

export async function quote(em: TEntityManager, terms: TLoanTerms) {
  const { product, figures } = await price(em, terms);
  return {
    productCode: product.code,
    annualRatePercent: formatRatePercent(product.annualRatePercent),
    principal: terms.amount,
    termMonths: terms.termMonths,
    ...figures,
  };
}

async function createLoan(
  em: TEntityManager,
  terms: TLoanTerms,
  owner: { customerId: string; agentId: string | null },
) {
  const { product, figures } = await price(em, terms);
  const loan = em.create(Loan, {
    status: owner.agentId ? 'PENDING' : 'NEW',
    product: em.getReference(LoanProduct, product.code),
    principal: terms.amount,
    annualRatePercent: product.annualRatePercent,
    termMonths: terms.termMonths,
    monthlyInstallment: figures.monthlyInstallment,
    totalInterest: figures.totalInterest,
    totalPayable: figures.totalPayable,
    lateFee: product.lateFee,
    lateFeeGraceDays: product.lateFeeGraceDays,
    customer: em.getReference(User, owner.customerId),
    agent: owner.agentId ? em.getReference(User, owner.agentId) : null,
    rejectionReason: null,
    decidedBy: null,
    decidedAt: null,
  });
  await em.flush();
  return readLoan(em, loan.id);
}

/** A customer applies for themself: the loan starts NEW. */
export const applyForLoan = (em: TEntityManager, customer: TPrincipal, terms: TLoanTerms) =>
  createLoan(em, terms, { customerId: customer.id, agentId: null });

/** An agent prepares and forwards in one step: the loan starts PENDING with this agent as its agent. */
export async function openForCustomer(
  em: TEntityManager,
  agent: TPrincipal,
  input: TLoanTerms & { customerId: string },
) {
  const customer = await em.findOne(User, { id: input.customerId, role: 'customer' });
  if (customer?.status !== 'ACTIVE') {
    throw new DomainError('BAD_REQUEST', 'No such customer', {
      ...(await termsFieldErrors(em, input)),
      customerId: ['No such customer'],
    });
  }
  return createLoan(em, input, { customerId: customer.id, agentId: agent.id });
}

const findVisibleLoan = async (em: TEntityManager, principal: TPrincipal, loanId: string): Promise<ILoan> =>
  visibleOrNotFound(principal, await findLoan(em, loanId));

/**
 * Runs one state-machine command on a loan and flushes it. The version check of the flush (optimistic
 * lock) turns a concurrent change into a CONFLICT instead of a lost update.
 */
async function runCommand(
  em: TEntityManager,
  principal: TPrincipal,
  loanId: string,
  command: TLoanCommand,
  apply: (loan: ILoan) => void | Promise<void> = () => {},
) {
  const loan = await findVisibleLoan(em, principal, loanId);
  loan.status = decideLoanTransition(loan.status, command, {
    actorId: principal.id,
    loanAgentId: loan.agent?.id ?? null,
  });
  await apply(loan);
  await em.flush();
  return readLoan(em, loan.id);
}

export const forwardLoan = (em: TEntityManager, agent: TPrincipal, loanId: string) =>
  runCommand(em, agent, loanId, 'FORWARD', (loan) => {
    loan.agent = em.getReference(User, agent.id);
  });

export async function updateLoan(em: TEntityManager, agent: TPrincipal, input: TLoanUpdate) {
  return runCommand(em, agent, input.loanId, 'EDIT', async (loan) => {
    if (loan.version !== input.expectedVersion) {
      throw new DomainError(
        'CONFLICT',
        `This loan was changed by someone else (you edited version ${input.expectedVersion}, it is now at version ${loan.version}): reload it and try again`,
      );
    }
    const terms = {
      productCode: input.productCode ?? loan.product.code,
      amount: input.amount ?? loan.principal,
      termMonths: input.termMonths ?? loan.termMonths,
    };
    const { product, figures } = await price(em, terms);
    loan.product = em.getReference(LoanProduct, product.code);
    loan.principal = terms.amount;
    loan.termMonths = terms.termMonths;
    loan.annualRatePercent = product.annualRatePercent;
    loan.monthlyInstallment = figures.monthlyInstallment;
    loan.totalInterest = figures.totalInterest;
    loan.totalPayable = figures.totalPayable;
    loan.lateFee = product.lateFee;
    loan.lateFeeGraceDays = product.lateFeeGraceDays;
  });
}

export const withdrawLoan = (em: TEntityManager, customer: TPrincipal, loanId: string) =>
  runCommand(em, customer, loanId, 'WITHDRAW');

export const decideLoan = (
  em: TEntityManager,
  admin: TPrincipal,
  loanId: string,
  decision: { approve: true } | { approve: false; reason: string },
) =>
  runCommand(em, admin, loanId, decision.approve ? 'APPROVE' : 'REJECT', (loan) => {
    loan.decidedBy = em.getReference(User, admin.id);
    loan.decidedAt = new Date();
    loan.rejectionReason = decision.approve ? null : decision.reason;
  });

export async function getLoan(em: TEntityManager, principal: TPrincipal, loanId: string) {
  const loan = visibleOrNotFound(principal, await findLoanView(em, loanId));
  const { schedule } = computeLoanFigures({
    principal: loan.principal,
    annualRatePercent: loan.annualRatePercent,
    termMonths: loan.termMonths,
  });
  return { ...presentLoan(principal, loan), schedule };
}

export async function getLoanHistory(em: TEntityManager, principal: TPrincipal, loanId: string) {
  await findVisibleLoan(em, principal, loanId);
  return (await findLoanHistory(em, loanId))
    .map(toHistoryEntryDto)
    .map((entry) => ({ ...entry, actor: presentActor(principal, entry.actor) }));
}

/** Customers see their own loans only, whatever filter they send. */
export async function listVisibleLoans(em: TEntityManager, principal: TPrincipal, input: TLoanListInput) {
  const filter = principal.role === 'customer' ? { ...input, customerId: principal.id } : input;
  const page = await listLoans(em, filter);
  return { ...page, items: page.items.map((loan) => presentLoan(principal, loan)) };
}
