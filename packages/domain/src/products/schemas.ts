import { z } from 'zod';
import { PRODUCT_CODE } from '../formats';
import {
  ZFeeInput,
  ZMoneyInput,
  ZMoneyOutput,
  ZRatePercentInput,
  ZRatePercentOutput,
} from '../money/schemas';
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

/*
 * The documented ranges of integer outputs (zod metadata, copied into the OpenAPI document), read off the
 * rules that admit the values. Without them an integer is documented as any safe integer.
 */
export const TERM_RANGE = { minimum: ZTerm.minValue, maximum: ZTerm.maxValue };
export const GRACE_DAYS_RANGE = { minimum: ZGraceDays.minValue, maximum: ZGraceDays.maxValue };

export const ZLoanProduct = z.object({
  code: z.string(),
  name: z.string(),
  annualRatePercent: ZRatePercentOutput,
  minAmount: ZMoneyOutput,
  maxAmount: ZMoneyOutput,
  minTermMonths: z.number().int().meta(TERM_RANGE),
  maxTermMonths: z.number().int().meta(TERM_RANGE),
  active: z.boolean(),
  lateFee: ZMoneyOutput,
  lateFeeGraceDays: z.number().int().meta(GRACE_DAYS_RANGE),
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
