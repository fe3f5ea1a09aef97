import { z } from 'zod';
import { PRODUCT_CODE } from '../formats';
import { ZFeeInput, ZMoneyInput, ZRatePercentInput } from '../money/schemas';
import { zText } from '../text';

export const ZProductCode = z
  .string()
  .trim()
  .regex(PRODUCT_CODE, 'Code is 2–20 capital letters, digits or underscores, starting with a letter');

const ZTerm = z.number().int('Term must be a whole number of months').min(1).max(600);
const ZProductName = zText(1, 80);
const ZGraceDays = z
  .number()
  .int('Grace days must be a whole number')
  .min(0, 'Grace days cannot be negative')
  .max(30, 'Grace days are at most 30');

export const ZLoanProduct = z.object({
  code: z.string(),
  name: z.string(),
  annualRatePercent: z.string(),
  minAmount: z.string(),
  maxAmount: z.string(),
  minTermMonths: z.number().int(),
  maxTermMonths: z.number().int(),
  active: z.boolean(),
  lateFee: z.string(),
  lateFeeGraceDays: z.number().int(),
});
export type TLoanProduct = z.infer<typeof ZLoanProduct>;

export const ZLoanProductCreate = z
  .object({
    code: ZProductCode,
    name: ZProductName,
    annualRatePercent: ZRatePercentInput,
    minAmount: ZMoneyInput,
    maxAmount: ZMoneyInput,
    minTermMonths: ZTerm,
    maxTermMonths: ZTerm,
    lateFee: ZFeeInput.default('0.00'),
    lateFeeGraceDays: ZGraceDays.default(5),
  })
  .strict();
export type TLoanProductCreate = z.infer<typeof ZLoanProductCreate>;

export const ZLoanProductUpdate = z
  .object({
    code: ZProductCode,
    name: ZProductName.optional(),
    annualRatePercent: ZRatePercentInput.optional(),
    minAmount: ZMoneyInput.optional(),
    maxAmount: ZMoneyInput.optional(),
    minTermMonths: ZTerm.optional(),
    maxTermMonths: ZTerm.optional(),
    active: z.boolean().optional(),
    lateFee: ZFeeInput.optional(),
    lateFeeGraceDays: ZGraceDays.optional(),
  })
  .strict();
export type TLoanProductUpdate = z.infer<typeof ZLoanProductUpdate>;
