/**
 * Loans whose rate differs from their product's. A loan takes its rate from its product when it is
 * opened (a snapshot, like every loan), so such a loan is opened on a copy of the product at its rate:
 * `HOME` at 8.25 % → `HOME_R8250`, with the same limits and late fee. The copies are not for sale: the
 * import switches them off for new business when it ends.
 */
import type { LoanbookClient, LoanProduct } from '@loanbook/client';
import { call, RowError } from './api-calls';
import type { TLoanRow } from './book-file';
import { derivedProductCode, normalizeRate, sameRate } from './keys';

export class RateProducts {
  /** Copies created by this run (or, in a dry run, to create). */
  readonly created: string[] = [];
  private readonly ready = new Map<string, Promise<string>>();
  /** Copies this run created or switched on: switched off again by `switchOff`. */
  private readonly toSwitchOff = new Set<string>();

  constructor(
    private readonly admin: LoanbookClient,
    private readonly catalogue: ReadonlyMap<string, LoanProduct>,
  ) {}

  private copyFor(loan: TLoanRow): { code: string; base: LoanProduct; rate: string } | null {
    const base = this.catalogue.get(loan.product);
    if (!loan.rate || !base || sameRate(loan.rate, base.annualRatePercent)) return null;
    const rate = normalizeRate(loan.rate);
    return { code: derivedProductCode(base.code, rate), base, rate };
  }

  /** Dry run: notes the copy this loan would need. */
  plan(loan: TLoanRow) {
    const copy = this.copyFor(loan);
    if (copy && !this.catalogue.has(copy.code) && !this.created.includes(copy.code))
      this.created.push(copy.code);
  }

  /** The product to open the loan with: the row's, or its copy at the row's rate (made ready once). */
  productFor(loan: TLoanRow): Promise<string> {
    const copy = this.copyFor(loan);
    if (!copy) return Promise.resolve(loan.product);
    let ready = this.ready.get(copy.code);
    if (!ready) {
      ready = this.makeReady(copy.code, copy.base, copy.rate);
      this.ready.set(copy.code, ready);
    }
    return ready;
  }

  private async makeReady(code: string, base: LoanProduct, rate: string): Promise<string> {
    const existing = this.catalogue.get(code);
    if (existing) {
      if (!sameRate(existing.annualRatePercent, rate)) {
        const message = `Product ${code} exists with another rate (${existing.annualRatePercent} %)`;
        throw new RowError('product', {
          code: 'CONFLICT',
          httpStatus: 409,
          message,
          fieldErrors: { rate: [message] },
          reason: null,
        });
      }
      if (!existing.active) {
        await call('product', () => this.admin.loanProducts.update.mutate({ code, active: true }), {
          repeatable: true,
        });
        this.toSwitchOff.add(code);
      }
      return code;
    }
    const product = {
      code,
      name: `${base.name} at ${rate} % (imported)`.slice(0, 80),
      annualRatePercent: rate,
      minAmount: base.minAmount,
      maxAmount: base.maxAmount,
      minTermMonths: base.minTermMonths,
      maxTermMonths: base.maxTermMonths,
      lateFee: base.lateFee,
      lateFeeGraceDays: base.lateFeeGraceDays,
    };
    await call('product', () => this.admin.loanProducts.create.mutate(product), { repeatable: false });
    this.created.push(code);
    this.toSwitchOff.add(code);
    return code;
  }

  /** Takes the copies off sale again; returns a warning for each that could not be. */
  async switchOff(): Promise<string[]> {
    const warnings: string[] = [];
    for (const code of this.toSwitchOff) {
      try {
        await call('product', () => this.admin.loanProducts.update.mutate({ code, active: false }), {
          repeatable: true,
        });
      } catch (error) {
        warnings.push(`Product ${code} is still offered: switch it off (${(error as Error).message})`);
      }
    }
    return warnings;
  }
}
