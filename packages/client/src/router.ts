/**
 * The API's router as a client sees it. In the workspace this is computed from the server's `AppRouter`;
 * `pnpm pack` replaces this file with a generated, fully written-out copy (scripts/build.ts), so the
 * published declarations carry no server type.
 *
 * What is erased: the context (it holds MikroORM's EntityManager, the token service, the audit sink) and
 * the procedures' meta (REST routes, audit rules) become `object`; a client uses neither. What is kept:
 * every procedure's kind, input and output, and the error shape of `trpc/init.ts`'s error formatter.
 */
import type { AppRouter as ServerRouter } from '@loanbook/api/router';
import type {
  AnyTRPCMutationProcedure,
  AnyTRPCQueryProcedure,
  TRPCBuiltRouter,
  TRPCMutationProcedure,
  TRPCQueryProcedure,
} from '@trpc/server';

type TypesOf<P extends AnyTRPCQueryProcedure | AnyTRPCMutationProcedure> = {
  input: P['_def']['$types']['input'];
  output: P['_def']['$types']['output'];
  meta: object;
};

type ClientRecord<TRecord> = {
  [K in keyof TRecord]: TRecord[K] extends AnyTRPCQueryProcedure
    ? TRPCQueryProcedure<TypesOf<TRecord[K]>>
    : TRecord[K] extends AnyTRPCMutationProcedure
      ? TRPCMutationProcedure<TypesOf<TRecord[K]>>
      : ClientRecord<TRecord[K]>;
};

type ServerRootTypes = ServerRouter['_def']['_config']['$types'];

/** What a failed call carries: `error.data` has `code`, `httpStatus`, `fieldErrors` and `reason`. */
export type ErrorShape = ServerRootTypes['errorShape'];

export type AppRouter = TRPCBuiltRouter<
  { ctx: object; meta: object; errorShape: ErrorShape; transformer: false },
  ClientRecord<ServerRouter['_def']['record']>
>;
