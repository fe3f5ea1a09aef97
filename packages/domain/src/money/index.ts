/** `@loanbook/domain/money`: exact loan math and the zod schemas for money and rate inputs. */
export {
  computeLoanFigures,
  formatMoney,
  MoneyDecimal,
  type TLoanFigures,
  type TScheduleRow,
} from './schedule';
export {
  MAX_MONEY,
  ZFeeInput,
  ZMoneyInput,
  ZMoneyOutput,
  ZRatePercentInput,
  ZRatePercentOutput,
} from './schemas';
