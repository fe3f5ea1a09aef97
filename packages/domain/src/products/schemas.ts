import { z } from 'zod';
import { ZMoneyInput, ZRatePercentInput } from '../money/schemas';
import { zText } from '../text';

export const ZProductCode = z
  .string()
  .trim()
  .regex(
    /^[A-Z][A-Z0-9_]{1,19}$/,
    'Code is 2–20 capital letters, digits or underscores, starting with a letter',
  );

const ZTerm = z.number().int('Term must be a whole number of months').min(1).max(600);
const ZProductName = zText(1, 80);

export const ZLoanProduct = z.object({
  code: z.string(),
  name: z.string(),
  annualRatePercent: z.string(),
  minAmount: z.string(),
  maxAmount: z.string(),
  minTermMonths: z.number().int(),
  maxTermMonths: z.number().int(),
  active: z.boolean(),
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
  })
  .strict();
export type TLoanProductUpdate = z.infer<typeof ZLoanProductUpdate>;
