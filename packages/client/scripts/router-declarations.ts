/**
 * Writes the client's `AppRouter` (src/router.ts, computed from the server's router) out as a standalone
 * declaration: every procedure's kind, input and output printed as plain object, union and literal
 * types, with the shapes that recur (Loan, User, …) named once. The result imports nothing but
 * `@trpc/server`'s router types, so the published package carries no server type (no MikroORM, Fastify,
 * PGlite, zod) — see README "How the declarations are made".
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const CLIENT_DIR = fileURLToPath(new URL('..', import.meta.url));
const ROUTER_FILE = fileURLToPath(new URL('../src/router.ts', import.meta.url));

/**
 * Shapes printed once under a name, found by where they occur: the output of a procedure (`[]` for an
 * array's element). Any other occurrence of the same shape uses the name.
 */
const NAMED_SHAPES: Record<string, string> = {
  Loan: 'loans.create',
  LoanDetail: 'loans.get',
  LoanPage: 'loans.list',
  LoanTransaction: 'loans.repay',
  Position: 'loans.position',
  PayoffQuote: 'loans.payoffQuote',
  Quote: 'loans.quote',
  HistoryEntry: 'loans.history[]',
  LoanProduct: 'loanProducts.list[]',
  User: 'auth.me',
  UserPage: 'customers.list',
  LoginResult: 'auth.login',
  PortfolioSummary: 'portfolio.summary',
};

class UnsupportedTypeError extends Error {}

interface TProcedure {
  kind: 'query' | 'mutation';
  input: ts.Type;
  output: ts.Type;
}
type TRecord = Map<string, TProcedure | TRecord>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propertyName = (name: string) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

export function generateRouterDeclarations(): string {
  const configPath = ts.findConfigFile(CLIENT_DIR, ts.sys.fileExists, 'tsconfig.json');
  if (!configPath) throw new Error('packages/client/tsconfig.json not found');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('cannot read packages/client/tsconfig.json');
  const program = ts.createProgram({ rootNames: [ROUTER_FILE], options: config.options });
  // Only this file is checked (the API's own files are its typecheck's business): much faster.
  const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(ROUTER_FILE));
  if (errors.length > 0) {
    const host = {
      getCanonicalFileName: (f: string) => f,
      getCurrentDirectory: () => CLIENT_DIR,
      getNewLine: () => '\n',
    };
    throw new Error(`src/router.ts does not type-check:\n${ts.formatDiagnostics(errors, host)}`);
  }
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(ROUTER_FILE);
  if (!source) throw new Error('src/router.ts is not in the program');
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported = (name: string) => {
    const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
    if (!symbol) throw new Error(`src/router.ts does not export ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };

  const property = (type: ts.Type, name: string): ts.Type => {
    const symbol = checker.getPropertyOfType(type, name);
    if (!symbol) throw new Error(`no property ${name} on ${checker.typeToString(type)}`);
    return checker.getTypeOfSymbol(symbol);
  };

  // ---- the procedures, walked from AppRouter['_def']['record'] ----
  const readRecord = (type: ts.Type): TRecord => {
    const record: TRecord = new Map();
    for (const symbol of checker.getPropertiesOfType(type)) {
      const value = checker.getTypeOfSymbol(symbol);
      const def = checker.getPropertyOfType(value, '_def');
      if (def) {
        const defType = checker.getTypeOfSymbol(def);
        const kind = property(defType, 'type');
        if (!kind.isStringLiteral() || (kind.value !== 'query' && kind.value !== 'mutation')) {
          throw new Error(`${symbol.name}: only queries and mutations are supported`);
        }
        const types = property(defType, '$types');
        record.set(symbol.name, {
          kind: kind.value,
          input: property(types, 'input'),
          output: property(types, 'output'),
        });
      } else {
        record.set(symbol.name, readRecord(value));
      }
    }
    return record;
  };
  const appRouter = exported('AppRouter');
  const routerDef = property(appRouter, '_def');
  const record = readRecord(property(routerDef, 'record'));
  const errorShape = exported('ErrorShape');

  // ---- printing types as plain TypeScript ----
  const names = new Map<string, string>(); // printed shape → its name
  const printUnion = (types: readonly ts.Type[], depth: number): string => {
    const parts = types.map((t) => print(t, depth));
    const hasTrue = parts.includes('true');
    const hasFalse = parts.includes('false');
    const merged =
      hasTrue && hasFalse ? [...parts.filter((p) => p !== 'true' && p !== 'false'), 'boolean'] : parts;
    // `undefined` and `null` last, as people write them.
    const rank = (p: string) => (p === 'null' ? 1 : p === 'undefined' ? 2 : 0);
    return [...new Set(merged)].sort((a, b) => rank(a) - rank(b)).join(' | ');
  };
  const wrap = (text: string) => (/[|&]/.test(text) && !/^[{[]/.test(text) ? `(${text})` : text);
  const printObject = (type: ts.Type, depth: number): string => {
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      throw new UnsupportedTypeError(`a function type: ${checker.typeToString(type)}`);
    }
    const members: string[] = [];
    for (const info of checker.getIndexInfosOfType(type)) {
      members.push(`[key: ${print(info.keyType, depth + 1)}]: ${print(info.type, depth + 1)};`);
    }
    for (const symbol of checker.getPropertiesOfType(type)) {
      const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
      members.push(
        `${propertyName(symbol.name)}${optional ? '?' : ''}: ${print(checker.getTypeOfSymbol(symbol), depth + 1)};`,
      );
    }
    return members.length === 0 ? '{}' : `{ ${members.join(' ')} }`;
  };
  function print(type: ts.Type, depth = 0): string {
    if (depth > 40) throw new UnsupportedTypeError(`a type nested too deep: ${checker.typeToString(type)}`);
    const f = type.flags;
    if (f & ts.TypeFlags.Any) throw new UnsupportedTypeError('`any`');
    if (f & ts.TypeFlags.Unknown) return 'unknown';
    if (f & ts.TypeFlags.Never) return 'never';
    if (f & ts.TypeFlags.Void) return 'void';
    if (f & ts.TypeFlags.Undefined) return 'undefined';
    if (f & ts.TypeFlags.Null) return 'null';
    if (f & ts.TypeFlags.String) return 'string';
    if (f & ts.TypeFlags.Number) return 'number';
    if (f & ts.TypeFlags.Boolean) return 'boolean';
    if (f & ts.TypeFlags.BigInt) return 'bigint';
    if (type.isStringLiteral()) return JSON.stringify(type.value);
    if (type.isNumberLiteral()) return String(type.value);
    if (f & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type);
    if (type.isUnion()) return printUnion(type.types, depth);
    if (type.isIntersection()) return type.types.map((t) => wrap(print(t, depth + 1))).join(' & ');
    if (checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type as ts.TypeReference).map((t) => print(t, depth + 1));
      return `[${elements.join(', ')}]`;
    }
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      if (!element) throw new UnsupportedTypeError('an array without element type');
      const readonly = type.getSymbol()?.name === 'ReadonlyArray' ? 'readonly ' : '';
      return `${readonly}${wrap(print(element, depth + 1))}[]`;
    }
    if (f & ts.TypeFlags.Object) {
      const symbol = type.getSymbol();
      if (symbol && ['Date', 'Map', 'Set', 'Promise', 'RegExp'].includes(symbol.name)) {
        throw new UnsupportedTypeError(`${symbol.name} (not JSON)`);
      }
      const text = printObject(type, depth);
      return names.get(text) ?? text;
    }
    throw new UnsupportedTypeError(checker.typeToString(type));
  }

  // ---- named shapes: smallest first, so a larger one is printed with the smaller names inside ----
  const at = (path: string): ts.Type => {
    const isElement = path.endsWith('[]');
    const parts = path.replace(/\[\]$/, '').split('.');
    let node: TProcedure | TRecord | undefined = record;
    for (const part of parts) node = node instanceof Map ? node.get(part) : undefined;
    if (!node || node instanceof Map) throw new Error(`NAMED_SHAPES: no procedure ${path}`);
    if (!isElement) return node.output;
    const [element] = checker.isArrayType(node.output)
      ? checker.getTypeArguments(node.output as ts.TypeReference)
      : [];
    if (!element) throw new Error(`NAMED_SHAPES: ${path} is not an array`);
    return element;
  };
  const named = Object.entries(NAMED_SHAPES)
    .map(([name, path]) => ({ name, type: at(path), size: print(at(path)).length }))
    .sort((a, b) => a.size - b.size);
  const declarations: string[] = [];
  for (const { name, type } of named) {
    const text = print(type);
    declarations.push(`type ${name} = ${text};`);
    names.set(text, name);
  }

  const printRecord = (node: TRecord, indent: string): string => {
    const lines = [...node].map(([name, value]) => {
      if (value instanceof Map)
        return `${indent}  ${propertyName(name)}: ${printRecord(value, `${indent}  `)};`;
      const builder = value.kind === 'query' ? 'TRPCQueryProcedure' : 'TRPCMutationProcedure';
      return `${indent}  ${propertyName(name)}: ${builder}<{ input: ${print(value.input)}; output: ${print(value.output)}; meta: object }>;`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  };

  const text = [
    "// Generated by packages/client/scripts/router-declarations.ts from the API's AppRouter: do not edit.",
    "import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure } from '@trpc/server';",
    '',
    ...declarations,
    '',
    '/** What a failed call carries: `error.data` has `code`, `httpStatus`, `fieldErrors` and `reason`. */',
    `export type ErrorShape = ${print(errorShape)};`,
    '',
    'export type AppRouter = TRPCBuiltRouter<',
    '  { ctx: object; meta: object; errorShape: ErrorShape; transformer: false },',
    `  ${printRecord(record, '  ')}`,
    '>;',
    '',
  ].join('\n');
  // Through the TypeScript printer: one member a line, so the published file reads like written code.
  const file = ts.createSourceFile('router.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ newLine: ts.NewLineKind.LineFeed }).printFile(file);
}
