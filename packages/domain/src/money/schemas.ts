import type Decimal from 'decimal.js';
import { z } from 'zod';
import { MoneyDecimal } from './schedule';

interface TDecimalRules {
  /** Subject of the error messages: "Amount", "Interest rate". */
  label: string;
  example: string;
  maxDecimals: number;
  maxDecimalsWord: string;
  maxIntegerDigits: number;
  /** Amounts must be > 0, rates ≥ 0. */
  allowZero: boolean;
  /** For a negative value (any sign, even "-0") or a zero that isn't allowed. */
  belowMinimumMessage: string;
  max: Decimal;
  /** How the accepted value is written back out. */
  normalize: (value: Decimal) => string;
}

const SIGNED_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Checks the text of a decimal against the rules; returns the normalized value or a message. */
function parseDecimalText(text: string, rules: TDecimalRules): { value: string } | { message: string } {
  const match = SIGNED_DECIMAL.exec(text);
  if (match === null) {
    return { message: `${rules.label} must be a plain decimal number like ${rules.example}` };
  }
  const [, sign = '', integerDigits = '', decimals = ''] = match;
  const value = new MoneyDecimal(`${integerDigits}.${decimals || '0'}`);
  if (sign === '-' || (!rules.allowZero && value.isZero())) {
    return { message: rules.belowMinimumMessage };
  }
  if (decimals.length > rules.maxDecimals) {
    return { message: `${rules.label} must have at most ${rules.maxDecimalsWord} decimals` };
  }
  if (value.greaterThan(rules.max)) {
    return { message: `${rules.label} must be at most ${rules.normalize(rules.max)}` };
  }
  if (integerDigits.length > rules.maxIntegerDigits) {
    return { message: `${rules.label} has too many digits` };
  }
  return { value: rules.normalize(value) };
}

/**
 * How the OpenAPI document describes a decimal input, derived from its rules: zod metadata, which
 * `z.toJSONSchema` copies into the JSON Schema. Documentation only; the checks below are the rules.
 */
function decimalInputDocs(rules: TDecimalRules) {
  const pattern = `^\\d{1,${rules.maxIntegerDigits}}(\\.\\d{1,${rules.maxDecimals}})?$`;
  const sign = rules.allowZero ? '≥ 0' : '> 0';
  return {
    text: { pattern, examples: [rules.example] },
    number: {
      ...(rules.allowZero ? { minimum: 0 } : { exclusiveMinimum: 0 }),
      maximum: rules.max.toNumber(),
      examples: [Number(rules.example)],
    },
    description:
      `${rules.label}: a decimal string (or a JSON number) with at most ${rules.maxDecimalsWord} decimals, ` +
      `${sign} and ≤ ${rules.normalize(rules.max)}, e.g. "${rules.example}".`,
  };
}

/**
 * Decimal input as a JSON client or a form sends it: a decimal string, or a JS number judged by its
 * shortest representation (`String(n)`), so 1.005 is rejected rather than silently becoming 1.00 or 1.01.
 */
function decimalInput(rules: TDecimalRules) {
  const docs = decimalInputDocs(rules);
  return z
    .union([z.string().meta(docs.text), z.number().meta(docs.number)], {
      error: (issue) =>
        typeof issue.input === 'number'
          ? `${rules.label} must be a finite number`
          : issue.input === undefined
            ? `${rules.label} is required`
            : `${rules.label} must be a number or a decimal string like ${rules.example}`,
    })
    .transform((input, ctx) => {
      // String(1e21) is "1e+21" and String(1e-7) is "1e-7": exponent forms fail the plain-decimal check.
      const result = parseDecimalText(typeof input === 'number' ? String(input) : input, rules);
      if ('message' in result) {
        ctx.addIssue({ code: 'custom', message: result.message });
        return z.NEVER;
      }
      return result.value;
    })
    .meta({ description: docs.description });
}

/** Money as the API returns it: a decimal string with exactly two places, never negative ("1250.00"). */
export const MONEY_TEXT = /^\d+\.\d{2}$/;

/**
 * A money amount in an output, as the services format it (`formatMoney`, `numeric(14,2)` columns). Only
 * described (metadata for the OpenAPI document), not checked again: what it describes is ZMoneyInput's
 * and formatMoney's output. A sum (a portfolio total) can have more than twelve integer digits.
 */
export const ZMoneyOutput = z.string().meta({ pattern: MONEY_TEXT.source, examples: ['1250.00'] });

/** An annual rate in percent as the API returns it: two or three decimals ("6.90", "3.625"), 0–100. */
export const ZRatePercentOutput = z.string().meta({ pattern: '^\\d{1,3}\\.\\d{2,3}$', examples: ['6.90'] });

/** The largest amount a money column (`numeric(14,2)`) holds: every money input fits its column. */
export const MAX_MONEY = '999999999999.99';

const MONEY_RULES = {
  label: 'Amount',
  example: '1250.00',
  maxDecimals: 2,
  maxDecimalsWord: 'two',
  maxIntegerDigits: 12,
  allowZero: false,
  belowMinimumMessage: 'Amount must be greater than zero',
  max: new MoneyDecimal(MAX_MONEY),
  normalize: (value: Decimal) => value.toFixed(2),
} satisfies TDecimalRules;

/**
 * A money amount: "10000", "10000.5", "10000.50" or a number with at most two decimals, > 0 and
 * ≤ 999,999,999,999.99. Outputs the normalized string with two places ("10000.00").
 */
export const ZMoneyInput = decimalInput(MONEY_RULES);

/** A money amount that may be zero (a fee that is not charged): otherwise as `ZMoneyInput`. */
export const ZFeeInput = decimalInput({
  ...MONEY_RULES,
  label: 'Fee',
  example: '25.00',
  allowZero: true,
  belowMinimumMessage: 'Fee cannot be negative',
});

/**
 * An annual interest rate in percent: 0 ≤ rate ≤ 100 with at most three decimals. Outputs the normalized
 * string with at least two decimals ("6.9" → "6.90", "7" → "7.00", "3.625" stays "3.625").
 */
export const ZRatePercentInput = decimalInput({
  label: 'Interest rate',
  example: '6.90',
  maxDecimals: 3,
  maxDecimalsWord: 'three',
  maxIntegerDigits: 3,
  allowZero: true,
  belowMinimumMessage: 'Interest rate cannot be negative',
  max: new MoneyDecimal('100'),
  normalize: (value) => value.toFixed(Math.max(2, value.decimalPlaces())),
});
