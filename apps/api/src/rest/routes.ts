import { appCatalogue } from '../trpc/catalogue';
import type { TRestRoute } from './route';

/** Every procedure's REST route by procedure path, as the procedures declare them (for tests and scripts). */
export const restRoutes = (): Record<string, TRestRoute> =>
  Object.fromEntries(appCatalogue().flatMap(({ path, meta }) => (meta.rest ? [[path, meta.rest]] : [])));

/** The route of a procedure path, or undefined for a path the router does not have. */
export const restRouteFor = (procedurePath: string): TRestRoute | undefined =>
  appCatalogue().find(({ path }) => path === procedurePath)?.meta.rest;
