import { formatRatePercent, type TLoanProduct } from '@loanbook/domain/products';
import type { ILoanProduct } from './loan-product.entity';

export const toLoanProductDto = (product: ILoanProduct): TLoanProduct => ({
  code: product.code,
  name: product.name,
  annualRatePercent: formatRatePercent(product.annualRatePercent),
  minAmount: product.minAmount,
  maxAmount: product.maxAmount,
  minTermMonths: product.minTermMonths,
  maxTermMonths: product.maxTermMonths,
  active: product.active,
  lateFee: product.lateFee,
  lateFeeGraceDays: product.lateFeeGraceDays,
});
