import { type FormErrors, schemaResolver } from '@mantine/form';

type TSchema = Parameters<typeof schemaResolver>[0];

/**
 * A Mantine form validator from one of the API's own zod schemas (`@loanbook/domain/*`), so the browser
 * and the server apply the same rules. `prepare` turns form values into the API input first (e.g. an
 * empty optional field into `undefined`).
 */
export function validateWith<TValues>(
  schema: TSchema,
  prepare: (values: TValues) => unknown = (values) => values,
): (values: TValues) => FormErrors {
  const resolve = schemaResolver(schema, { sync: true });
  return (values) => resolve(prepare(values));
}

/** '' → undefined, so optional inputs left empty are omitted rather than rejected. */
export const blankToUndefined = (value: string): string | undefined =>
  value.trim() === '' ? undefined : value;
