import { p } from '@mikro-orm/core';

/**
 * Shared by every tracked entity: the optimistic-lock `version` (checked by MikroORM on each UPDATE and
 * numbered into history) and millisecond timestamps set by the application, so keyset cursors built from
 * them round-trip exactly.
 */
export const versionedProperties = () => ({
  version: p.integer().version(),
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
});
