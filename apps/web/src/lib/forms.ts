import type { FormErrors } from '@mantine/form';
import type { z } from 'zod';

/**
 * The app's one error map for the shared zod schemas (`@loanbook/domain/*`): every message a person sees
 * on a field says what to do, in the app's voice. The schemas' own messages are kept where they already
 * do ("Amount must have at most two decimals"); zod's built-in wording ("Too small: expected string to
 * have >=1 characters") never reaches the screen, a field left empty says it is required, and a value in
 * the wrong format says what a right one looks like.
 */

/** How each field of the shared schemas is named on screen, and what a valid value looks like. */
const FIELDS: Record<string, { label: string; unit?: [string, string]; format?: string }> = {
  username: { label: 'Username' },
  password: { label: 'Password', unit: ['character', 'characters'] },
  currentPassword: { label: 'Current password' },
  newPassword: { label: 'New password', unit: ['character', 'characters'] },
  repeatPassword: { label: 'Repeated new password' },
  email: { label: 'Email', format: 'Enter an email address like name@example.com' },
  phone: { label: 'Phone', format: 'Enter a phone number of 6 to 20 digits, like +44 20 7946 0000' },
  productCode: { label: 'Loan product' },
  customerId: { label: 'Customer' },
  amount: { label: 'Amount' },
  termMonths: { label: 'Term', unit: ['month', 'months'] },
  code: { label: 'Code' },
  name: { label: 'Name' },
  annualRatePercent: { label: 'Annual rate' },
  minAmount: { label: 'Minimum amount' },
  maxAmount: { label: 'Maximum amount' },
  minTermMonths: { label: 'Minimum term', unit: ['month', 'months'] },
  maxTermMonths: { label: 'Maximum term', unit: ['month', 'months'] },
  lateFee: { label: 'Late fee' },
  lateFeeGraceDays: { label: 'Grace period', unit: ['day', 'days'] },
  reason: { label: 'Reason' },
};

type TIssue = z.core.$ZodRawIssue | z.core.$ZodIssue;

const fieldOf = (path: readonly PropertyKey[]): string => {
  const names = path.filter((part): part is string => typeof part === 'string');
  return names[names.length - 1] ?? '';
};

const labelOf = (field: string): string =>
  FIELDS[field]?.label ??
  (field ? field.replace(/([A-Z])/g, ' $1').replace(/^./, (first) => first.toUpperCase()) : 'This field');

const countOf = (field: string, count: number | bigint, fallbackUnit: [string, string] | null) => {
  const unit = FIELDS[field]?.unit ?? fallbackUnit;
  if (!unit) return String(count);
  return `${count} ${Number(count) === 1 ? unit[0] : unit[1]}`;
};

/** "Password is required": for a field left empty, whatever rule it then breaks. */
export const requiredMessage = (field: string): string => `${labelOf(field)} is required`;

/** The message for an issue zod would describe in its own words (the schema gave none). */
function defaultMessage(issue: TIssue, field: string): string {
  const label = labelOf(field);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return requiredMessage(field);
      return issue.expected === 'number' || issue.expected === 'int'
        ? `${label} must be a number`
        : `${label} is not valid`;
    case 'too_small': {
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? requiredMessage(field)
          : `${label} must be at least ${countOf(field, issue.minimum, ['character', 'characters'])}`;
      }
      return `${label} must be at least ${countOf(field, issue.minimum, null)}`;
    }
    case 'too_big':
      return issue.origin === 'string'
        ? `${label} must be at most ${countOf(field, issue.maximum, ['character', 'characters'])}`
        : `${label} must be at most ${countOf(field, issue.maximum, null)}`;
    case 'invalid_format':
      return FIELDS[field]?.format ?? `Check the ${label.toLowerCase()}: it is not in the expected format`;
    case 'not_multiple_of':
      return `${label} must be a whole number`;
    case 'invalid_value':
      return `Choose a ${label.toLowerCase()} from the list`;
    case 'unrecognized_keys':
      return 'This form sent a field Loanbook does not know: please reload the page';
    default:
      return `Check the ${label.toLowerCase()}`;
  }
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Field → its first human message, for every field in error at once. `field` names the value itself when
 * the schema is a single field's (a dialog's reason) rather than a form's object.
 */
export function fieldErrorsFor(schema: z.ZodType, input: unknown, field = ''): Record<string, string> {
  const nameOf = (path: readonly PropertyKey[]) => fieldOf(path) || field;
  const result = schema.safeParse(input, {
    error: (issue) => defaultMessage(issue, nameOf(issue.path ?? [])),
  });
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = nameOf(issue.path);
    const key = issue.path.map(String).join('.') || field || '_root';
    const format = FIELDS[name]?.format;
    let message = issue.message;
    if (isBlank(valueAt(input, issue.path))) message = requiredMessage(name);
    // A format the schema explains in its own words ("Invalid email") still gets the example.
    else if (issue.code === 'invalid_format' && format) message = format;
    // Shared text rules say "Must be at most 500 characters": they name their field here.
    else if (message.startsWith('Must ')) message = `${labelOf(name)} must ${message.slice(5)}`;
    errors[key] ??= message;
  }
  return errors;
}

/** The human message for a single value (a dialog's reason), or null when it is valid. */
export function valueError(schema: z.ZodType, value: unknown, field: string): string | null {
  return Object.values(fieldErrorsFor(schema, value, field))[0] ?? null;
}

/**
 * A Mantine form validator from one of the API's own zod schemas (`@loanbook/domain/*`), so the browser
 * and the server apply the same rules, with the messages above. `prepare` turns form values into the
 * API input first (e.g. an empty optional field into `undefined`); `also` adds rules that span fields and
 * so need the parsed parts (e.g. a minimum not above its maximum), reported in the same round.
 */
export function validateWith<TValues>(
  schema: z.ZodType,
  prepare: (values: TValues) => unknown = (values) => values,
  also?: (values: TValues) => Record<string, string | null | undefined>,
): (values: TValues) => FormErrors {
  return (values) => {
    const errors: Record<string, string> = fieldErrorsFor(schema, prepare(values));
    for (const [field, message] of Object.entries(also?.(values) ?? {})) {
      if (message) errors[field] ??= message;
    }
    return errors;
  };
}

/** '' → undefined, so optional inputs left empty are omitted rather than rejected. */
export const blankToUndefined = (value: string): string | undefined =>
  value.trim() === '' ? undefined : value;
