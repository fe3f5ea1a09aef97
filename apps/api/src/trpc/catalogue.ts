import type { AnyRouter } from '@trpc/server';
import { z } from 'zod';
import { pathParamsOf, type TRestRoute } from '../rest/route';
import { appRouter } from './app-router';
import type { TProcedureMeta } from './init';

/** What the API knows about one procedure, read from its definition: the source of REST, OpenAPI and docs. */
export interface TProcedureInfo {
  path: string;
  type: 'query' | 'mutation';
  /** The procedure's input schema (null for a procedure without input). */
  input: z.ZodType | null;
  output: z.ZodType;
  meta: TProcedureMeta;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Reads one procedure's definition. tRPC keeps it on `_def` (`inputs`, `meta`, and `output` at run time
 * although its public type omits it), as tools like trpc-to-openapi read it too. Anything other than at
 * most one zod input and a zod output is refused: REST and OpenAPI are derived from exactly those.
 */
function describe(path: string, procedure: unknown): TProcedureInfo {
  const def = typeof procedure === 'function' && '_def' in procedure ? procedure._def : undefined;
  if (!isRecord(def)) throw new Error(`No procedure ${path}`);
  const { type, inputs, output, meta } = def;
  if (type !== 'query' && type !== 'mutation') throw new Error(`${path}: ${String(type)} is not served`);
  if (!Array.isArray(inputs) || inputs.length > 1) throw new Error(`${path}: expected at most one input`);
  const [input = null] = inputs;
  if (input !== null && !(input instanceof z.ZodType)) throw new Error(`${path}: input is not a zod schema`);
  if (!(output instanceof z.ZodType)) throw new Error(`${path}: every procedure needs a zod .output()`);
  return { path, type, input, output, meta: isRecord(meta) ? (meta as TProcedureMeta) : {} };
}

/** Every procedure of a router (the app router by default), in declaration order. */
export const procedureCatalogue = (router: AnyRouter = appRouter): TProcedureInfo[] =>
  Object.entries(router._def.procedures).map(([path, procedure]) => describe(path, procedure));

let cached: TProcedureInfo[] | undefined;
/** The app router's catalogue, read once. */
export const appCatalogue = (): TProcedureInfo[] => {
  cached ??= procedureCatalogue();
  return cached;
};

export const procedurePaths = (): string[] => appCatalogue().map(({ path }) => path);

/** The procedure at a path of the app router. */
export function procedureAt(path: string): TProcedureInfo {
  const found = appCatalogue().find((info) => info.path === path);
  if (!found) throw new Error(`No procedure ${path}`);
  return found;
}

export type TJsonSchema = z.core.JSONSchema.BaseSchema;

/** The JSON Schema a client sends (`io: 'input'`: defaults optional, money as string or number). */
export const inputJsonSchema = (schema: z.ZodType): TJsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
};

/**
 * Why a catalogue is incomplete, as messages (empty when it is not): a procedure that declares no access
 * rule or no REST route, a mutation on GET or a query off it, a path parameter the input does not have,
 * or two procedures on one method and path. The server refuses to start on any of them.
 */
export function catalogueProblems(catalogue: readonly TProcedureInfo[] = appCatalogue()): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const { path, type, input, meta } of catalogue) {
    if (!meta.access) problems.push(`${path}: no access rule (start it from a procedure of trpc/init.ts)`);
    const route: TRestRoute | undefined = meta.rest;
    if (!route) {
      problems.push(`${path}: no REST route (.meta({ rest }))`);
      continue;
    }
    if ((type === 'query') !== (route.method === 'GET')) {
      problems.push(`${path}: a ${type} must be ${type === 'query' ? 'GET' : 'POST or PATCH'}`);
    }
    const properties = input ? (inputJsonSchema(input).properties ?? {}) : {};
    for (const param of pathParamsOf(route.path)) {
      if (!(param in properties)) problems.push(`${path}: path parameter {${param}} is not an input field`);
    }
    const key = `${route.method} ${route.path}`;
    const other = seen.get(key);
    if (other) problems.push(`${path}: ${key} is already ${other}`);
    seen.set(key, path);
  }
  return problems;
}

/** Refuses to start when a procedure does not declare its access rule and REST route. */
export function assertCatalogueComplete(catalogue?: readonly TProcedureInfo[]): void {
  const problems = catalogueProblems(catalogue);
  if (problems.length) throw new Error(`Procedures incompletely declared:\n${problems.join('\n')}`);
}
