import type { TJsonSchema } from '../trpc/catalogue';
import { RestError } from './rest-error';

type TQueryValue = string | string[];

const NUMBER = /^-?\d+(\.\d+)?$/;

const typesOf = (schema: TJsonSchema | undefined): string[] => {
  const type = schema?.type;
  return typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
};

/** A single query-string value converted to the one JSON type its schema names; otherwise left as text. */
function coerceScalar(text: string, schema: TJsonSchema | undefined): unknown {
  const types = typesOf(schema);
  if (types.length !== 1) return text;
  if ((types[0] === 'integer' || types[0] === 'number') && NUMBER.test(text)) return Number(text);
  if (types[0] === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * Query strings and path segments carry text only; the procedure's input schema says what each field
 * is. Arrays accept both `status=NEW&status=PENDING` and `status=NEW,PENDING`; numbers and booleans are
 * converted when they read as one. Anything that does not fit is passed on unchanged, so the procedure's
 * own validation reports it with field errors, exactly as over tRPC.
 */
export function coerceTextFields(
  values: Readonly<Record<string, TQueryValue>>,
  inputSchema: TJsonSchema | null,
): Record<string, unknown> {
  const properties = inputSchema?.properties ?? {};
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const property = properties[name];
    const schema = typeof property === 'object' ? property : undefined;
    if (typesOf(schema).includes('array')) {
      const items =
        typeof schema?.items === 'object' && !Array.isArray(schema.items) ? schema.items : undefined;
      const parts = Array.isArray(value) ? value : value.split(',');
      result[name] = parts.filter((part) => part !== '').map((part) => coerceScalar(part, items));
    } else {
      result[name] = Array.isArray(value) ? value : coerceScalar(value, schema);
    }
  }
  return result;
}

const isTextRecord = (value: unknown): value is Record<string, TQueryValue> =>
  typeof value === 'object' &&
  value !== null &&
  Object.values(value).every(
    (entry) =>
      typeof entry === 'string' || (Array.isArray(entry) && entry.every((item) => typeof item === 'string')),
  );

/** Fastify's parsed query string or path parameters, checked rather than cast. */
export function textFields(value: unknown): Record<string, TQueryValue> {
  if (value === undefined || value === null) return {};
  if (!isTextRecord(value)) throw new RestError(400, 'BAD_REQUEST', 'Malformed query string');
  return value;
}

/**
 * The procedure input of a request: path parameters plus the query string (GET) or the JSON body.
 * The path names the resource, so a body that names a different one is refused rather than ignored.
 */
export function buildProcedureInput(options: {
  method: string;
  params: Record<string, TQueryValue>;
  query: Record<string, TQueryValue>;
  body: unknown;
  inputSchema: TJsonSchema | null;
}): Record<string, unknown> | undefined {
  const { method, inputSchema } = options;
  const params = coerceTextFields(options.params, inputSchema);
  if (!inputSchema) {
    // A procedure without input takes nothing: a query parameter is a mistake worth hearing about, as
    // an unknown field is for every other route (their schemas are strict).
    const unknown = Object.keys(options.query);
    if (unknown.length) {
      throw new RestError(
        400,
        'BAD_REQUEST',
        'Invalid input',
        Object.fromEntries(unknown.map((name) => [name, ['Unknown field']])),
      );
    }
    return undefined;
  }
  if (method === 'GET') return { ...coerceTextFields(options.query, inputSchema), ...params };
  const { body } = options;
  if (body === undefined) return params;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RestError(400, 'BAD_REQUEST', 'The request body must be a JSON object', {
      _root: ['Expected a JSON object'],
    });
  }
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name in body && Reflect.get(body, name) !== value) {
      fieldErrors[name] = [`Must match the ${name} in the path, or be left out`];
    }
  }
  if (Object.keys(fieldErrors).length) throw new RestError(400, 'BAD_REQUEST', 'Invalid input', fieldErrors);
  return { ...body, ...params };
}
