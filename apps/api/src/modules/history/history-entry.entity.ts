import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * One row per change of a tracked entity, written by the history subscriber in the flush that makes the
 * change. Append-only: the database refuses UPDATE and DELETE (trigger in the initial migration).
 */
export const HistoryEntry = defineEntity({
  name: 'HistoryEntry',
  tableName: 'history_entries',
  properties: {
    id: p.bigint().primary().autoincrement(),
    entityType: p.string().length(40),
    entityId: p.string().length(64),
    version: p.integer(),
    action: p.string().length(20),
    actorId: p.uuid().nullable(),
    actorUsername: p.string().length(40),
    actorRole: p.string().length(20),
    at: p.datetime(),
    changes: p.json<Record<string, { from: unknown; to: unknown }>>(),
  },
});

export type IHistoryEntry = InferEntity<typeof HistoryEntry>;
