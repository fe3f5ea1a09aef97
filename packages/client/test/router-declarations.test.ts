import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateRouterDeclarations } from '../scripts/router-declarations';

const TEST_DIR = fileURLToPath(new URL('.', import.meta.url));
const GENERATED = `${TEST_DIR}generated-router.ts`;
const DRIFTED = `${TEST_DIR}drifted-router.ts`;
const CHECK = `${TEST_DIR}generated-router.check.ts`;

/**
 * The published router against the workspace's: the same inputs, outputs and error shape, exactly. And a
 * control: the same router with one field's type changed must compare as different.
 */
const CHECK_SOURCE = `
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter as Drifted } from './drifted-router';
import type { AppRouter as Published } from './generated-router';
import type { AppRouter as Workspace } from '../src/router';
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Errors<R extends Published | Workspace> = R['_def']['_config']['$types']['errorShape'];
export const inputs: Equal<inferRouterInputs<Published>, inferRouterInputs<Workspace>> = true;
export const outputs: Equal<inferRouterOutputs<Published>, inferRouterOutputs<Workspace>> = true;
export const errors: Equal<Errors<Published>, Errors<Workspace>> = true;
type Both<R extends Drifted | Workspace> = [inferRouterInputs<R>, inferRouterOutputs<R>];
export const drifted: Equal<Both<Drifted>, Both<Workspace>> = false;
`;

/**
 * Type-checks the check file, with `generated` as the published router and `drifted` as the control, in
 * one program (the server's types are resolved once); returns each error with the line it is on.
 */
function compileCheck(generated: string, drifted: string): { line: string; message: string }[] {
  const configPath = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  const host = ts.createCompilerHost(config.options);
  const virtual = new Map([
    [GENERATED, generated],
    [DRIFTED, drifted],
    [CHECK, CHECK_SOURCE],
  ]);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, onError, create) => {
    const text = virtual.get(fileName);
    return text === undefined
      ? read(fileName, version, onError, create)
      : ts.createSourceFile(fileName, text, version);
  };
  const exists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(fileName) || exists(fileName);
  const program = ts.createProgram({ rootNames: [CHECK], options: config.options, host });
  // The virtual files only: the server's own files are checked by its typecheck.
  return [CHECK, GENERATED, DRIFTED]
    .flatMap((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)))
    .map((d) => {
      const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 };
      return {
        line: d.file?.text.split('\n')[line]?.trim() ?? '',
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      };
    });
}

describe('the published router declarations (scripts/router-declarations.ts)', () => {
  let generated = '';
  let errors: { line: string; message: string }[] = [];
  beforeAll(() => {
    generated = generateRouterDeclarations();
    // The control: a repayment's idempotency key typed as a number instead of a string.
    const drifted = generated.replace(/idempotencyKey: string;/, 'idempotencyKey: number;');
    if (drifted === generated) throw new Error('the control found no idempotencyKey to change');
    errors = compileCheck(generated, drifted);
  });

  it('import nothing but tRPC router types: no server, ORM, database or zod type', () => {
    const imports = [...generated.matchAll(/from\s+["']([^"']+)["']/g)].map((match) => match[1]);
    expect(imports).toEqual(['@trpc/server']);
    expect(generated).not.toMatch(/mikro|fastify|pglite|zod|@loanbook|EntityManager|TContext/i);
  });

  it('name the shapes integrators meet, and spell out every procedure', () => {
    for (const name of ['Loan', 'LoanTransaction', 'Position', 'User', 'LoanProduct']) {
      expect(generated).toMatch(new RegExp(`^type ${name} = \\{`, 'm'));
    }
    expect(generated).toMatch(
      /openForCustomer: TRPCMutationProcedure<\{\s+input: \{\s+productCode: string;\s+amount: string \| number;\s+termMonths: number;\s+customerId: string;/,
    );
    expect(generated).toMatch(
      /position: TRPCQueryProcedure<\{\s+input: \{\s+loanId: string;\s+asOf\?: string \| undefined;\s+\};\s+output: Position;/,
    );
  });

  it("are exactly the workspace's router: same inputs, outputs and error shape", () => {
    expect(errors.filter((error) => !error.line.startsWith('export const drifted'))).toEqual([]);
  });

  it('would show a difference: the control with one field changed is not equal', () => {
    expect(errors.filter((error) => error.line.startsWith('export const drifted'))).toEqual([]);
  });
});
