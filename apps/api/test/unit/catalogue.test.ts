import { describe, expect, it } from 'vitest';
import type { TRestRoute } from '../../src/rest/route';
import { restRouteFor, restRoutes } from '../../src/rest/routes';
import {
  appCatalogue,
  assertCatalogueComplete,
  catalogueProblems,
  procedureAt,
  procedurePaths,
  type TProcedureInfo,
} from '../../src/trpc/catalogue';

/**
 * The catalogue of the router (every procedure with its access rule and REST route, as declared where the
 * procedure is) and the check the server runs before it starts. No database: runs once, in 'unit'.
 */

/** A copy of the app's catalogue with one procedure's declaration changed by `change`. */
function catalogueWith(path: string, change: (info: TProcedureInfo) => TProcedureInfo): TProcedureInfo[] {
  const catalogue = appCatalogue().map((info) => (info.path === path ? change(info) : info));
  expect(catalogue.map((info) => info.path)).toContain(path);
  return catalogue;
}

/** The same procedure with its REST route changed (or removed, with `undefined`). */
const withRoute =
  (route: (current: TRestRoute) => TRestRoute | undefined) =>
  (info: TProcedureInfo): TProcedureInfo => {
    const current = info.meta.rest;
    if (!current) throw new Error(`${info.path} has no route to change`);
    const { rest: _rest, ...meta } = info.meta;
    const changed = route(current);
    return { ...info, meta: changed ? { ...meta, rest: changed } : meta };
  };

describe('the catalogue of the router', () => {
  it('declares an access rule and a REST route for every procedure, with no problem', () => {
    expect(procedurePaths().length).toBeGreaterThanOrEqual(35);
    expect(procedurePaths().filter((path) => !procedureAt(path).meta.access)).toEqual([]);
    expect(procedurePaths().filter((path) => !restRouteFor(path))).toEqual([]);
    expect(Object.keys(restRoutes()).sort()).toEqual([...procedurePaths()].sort());
    expect(catalogueProblems()).toEqual([]);
    expect(() => assertCatalogueComplete()).not.toThrow();
  });

  it('reports a procedure without a REST route', () => {
    const broken = catalogueWith(
      'loans.approve',
      withRoute(() => undefined),
    );
    expect(catalogueProblems(broken)).toEqual(['loans.approve: no REST route (.meta({ rest }))']);
    expect(() => assertCatalogueComplete(broken)).toThrow(/loans\.approve: no REST route/);
  });

  it('reports a procedure without an access rule (one not started from a builder of trpc/init.ts)', () => {
    const broken = catalogueWith('loans.reject', (info) => {
      const { access: _access, ...meta } = info.meta;
      return { ...info, meta };
    });
    expect(catalogueProblems(broken)).toEqual([
      'loans.reject: no access rule (start it from a procedure of trpc/init.ts)',
    ]);
  });

  it('reports a mutation over GET and a query off GET', () => {
    const mutationOverGet = catalogueWith(
      'loans.approve',
      withRoute((route) => ({ ...route, method: 'GET' })),
    );
    expect(catalogueProblems(mutationOverGet)).toEqual(['loans.approve: a mutation must be POST or PATCH']);

    const queryOverPost = catalogueWith(
      'loans.history',
      withRoute((route) => ({ ...route, method: 'POST' })),
    );
    expect(catalogueProblems(queryOverPost)).toEqual(['loans.history: a query must be GET']);
  });

  it('reports a path parameter that is not a field of the input', () => {
    const renamed = catalogueWith(
      'loans.get',
      withRoute((route) => ({ ...route, path: '/loans/{id}' })),
    );
    expect(catalogueProblems(renamed)).toEqual(['loans.get: path parameter {id} is not an input field']);

    const onInputless = catalogueWith(
      'auth.me',
      withRoute((route) => ({ ...route, path: '/auth/{userId}/me' })),
    );
    expect(catalogueProblems(onInputless)).toEqual([
      'auth.me: path parameter {userId} is not an input field',
    ]);
  });

  it('reports two procedures on one method and path', () => {
    const getRoute = restRouteFor('loans.get');
    if (!getRoute) throw new Error('loans.get has no route');
    const duplicate = catalogueWith(
      'loans.history',
      withRoute((route) => ({ ...route, path: getRoute.path })),
    );
    expect(catalogueProblems(duplicate)).toEqual(['loans.history: GET /loans/{loanId} is already loans.get']);

    // The same path on another method is a different operation, and fine.
    const otherMethod = catalogueWith(
      'loans.withdraw',
      withRoute((route) => ({ ...route, method: 'POST', path: getRoute.path })),
    );
    expect(catalogueProblems(otherMethod)).toEqual([]);
  });

  it('reports every problem of a catalogue, not just the first', () => {
    const broken = catalogueWith(
      'loans.approve',
      withRoute((route) => ({ ...route, method: 'GET', path: '/loans/{id}/approve' })),
    );
    expect(catalogueProblems(broken)).toEqual([
      'loans.approve: a mutation must be POST or PATCH',
      'loans.approve: path parameter {id} is not an input field',
    ]);
  });

  it('never changes state over GET, and serves every query over GET', () => {
    for (const { path, type } of appCatalogue()) {
      expect(restRouteFor(path)?.method === 'GET', path).toBe(type === 'query');
    }
  });

  it('has request examples that the procedures themselves accept', () => {
    for (const { path, input } of appCatalogue()) {
      const example = restRouteFor(path)?.example;
      if (!input) {
        expect(example, `${path} takes no input`).toBeUndefined();
        continue;
      }
      expect(example, `${path} needs a request example`).toBeDefined();
      const parsed = input.safeParse(example);
      expect(parsed.success, `${path}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });
});
