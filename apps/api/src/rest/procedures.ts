import { z } from 'zod';
import { appRouter, procedurePaths } from '../trpc/app-router';
import { pathParamsOf, REST_ROUTES, restRouteFor, type TRestRoute } from './routes';

export type TJsonSchema = z.core.JSONSchema.BaseSchema;

/** What the REST layer needs to know about one procedure, read from its tRPC definition. */
export interface TProcedureInfo {
  path: string;
  type: 'query' | 'mutation';
  /** The procedure's input schema (null for a procedure without input). */
  input: z.ZodType | null;
  output: z.ZodType;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Reads the input and output zod schemas of a procedure. tRPC keeps them on `_def` (`inputs`, and
 * `output` at run time although its public type omits it); anything other than one zod input and a zod
 * output is refused, because the REST layer and the OpenAPI document are derived from exactly those.
 */
export function procedureInfo(path: string): TProcedureInfo {
  const procedure: unknown = Reflect.get(appRouter._def.procedures, path);
  const def = typeof procedure === 'function' && '_def' in procedure ? procedure._def : undefined;
  if (!isRecord(def)) throw new Error(`No procedure ${path}`);
  const { type, inputs, output } = def;
  if (type !== 'query' && type !== 'mutation') {
    throw new Error(`${path}: ${String(type)} is not served over REST`);
  }
  if (!Array.isArray(inputs) || inputs.length > 1) {
    throw new Error(`${path}: expected at most one input schema`);
  }
  const [input = null] = inputs;
  if (input !== null && !(input instanceof z.ZodType)) throw new Error(`${path}: input is not a zod schema`);
  if (!(output instanceof z.ZodType)) throw new Error(`${path}: every procedure needs a zod .output()`);
  return { path, type, input, output };
}

/** The JSON Schema a client sends (`io: 'input'`: defaults optional, money as string or number). */
export const inputJsonSchema = (schema: z.ZodType): TJsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
};

/** Every procedure with its route; throws when the router and the route table disagree. */
export function routedProcedures(): { info: TProcedureInfo; route: TRestRoute }[] {
  const problems = restRouteProblems();
  if (problems.length) throw new Error(`REST route table does not match the router:\n${problems.join('\n')}`);
  return procedurePaths().map((path) => {
    const route = restRouteFor(path);
    if (!route) throw new Error(`No REST route for ${path}`);
    return { info: procedureInfo(path), route };
  });
}

/**
 * Why the route table does not fit the router, as messages (empty when it does): a procedure without a
 * route, a route without a procedure, a mutation on GET or a query off it, a path parameter the input
 * does not have, or two procedures on one method and path.
 */
export function restRouteProblems(
  paths: readonly string[] = procedurePaths(),
  table: Readonly<Record<string, TRestRoute>> = REST_ROUTES,
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    const route = table[path];
    if (!route) {
      problems.push(`${path}: no REST route`);
      continue;
    }
    const info = procedureInfo(path);
    if ((info.type === 'query') !== (route.method === 'GET')) {
      problems.push(`${path}: a ${info.type} must be ${info.type === 'query' ? 'GET' : 'POST or PATCH'}`);
    }
    const properties = info.input ? (inputJsonSchema(info.input).properties ?? {}) : {};
    for (const param of pathParamsOf(route.path)) {
      if (!(param in properties)) problems.push(`${path}: path parameter {${param}} is not an input field`);
    }
    const key = `${route.method} ${route.path}`;
    const other = seen.get(key);
    if (other) problems.push(`${path}: ${key} is already ${other}`);
    seen.set(key, path);
  }
  for (const path of Object.keys(table)) {
    if (!paths.includes(path)) problems.push(`${path}: REST route for a procedure the router does not have`);
  }
  return problems;
}
