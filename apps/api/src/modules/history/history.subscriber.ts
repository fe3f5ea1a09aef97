import { ChangeSetType, type EventSubscriber, type FlushEventArgs, Reference } from '@mikro-orm/core';
import { currentActor } from './actor-context';
import { HistoryEntry } from './history-entry.entity';
import { TRACKED_ENTITIES } from './tracked-entities';

type TJsonScalar = string | number | boolean | null;

/** History stores plain JSON: dates as ISO strings, relations as their primary key. */
function toJson(value: unknown): TJsonScalar {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Reference.isReference(value)) return toJson(Reference.unwrapReference(value));
  if (typeof value === 'object') {
    const pk = (value as { id?: unknown; code?: unknown }).id ?? (value as { code?: unknown }).code;
    return pk === undefined ? JSON.stringify(value) : String(pk);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/**
 * The one history mechanism: for every created or updated tracked entity in a flush, it adds a
 * `HistoryEntry` to the same unit of work, so the row commits (or rolls back) with the change itself.
 * A request that is refused never flushes, so it leaves no history.
 */
export class HistorySubscriber implements EventSubscriber {
  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const actor = currentActor();
    const at = new Date();
    for (const changeSet of [...uow.getChangeSets()]) {
      const tracked = TRACKED_ENTITIES[changeSet.name];
      const created = changeSet.type === ChangeSetType.CREATE;
      if (!tracked || (!created && changeSet.type !== ChangeSetType.UPDATE)) continue;

      const payload = changeSet.payload as Record<string, unknown>;
      const original = (changeSet.originalEntity ?? {}) as Record<string, unknown>;
      const changes: Record<string, { from: TJsonScalar; to: TJsonScalar }> = {};
      for (const [property, field] of Object.entries(tracked.fields)) {
        if (!(property in payload)) continue;
        const from = created ? null : toJson(original[property]);
        const to = toJson(payload[property]);
        if (from !== to) changes[field] = { from, to };
      }
      const previousVersion = Number(original.version ?? 0);
      const entry = em.create(HistoryEntry, {
        entityType: tracked.entityType,
        entityId: String(changeSet.getPrimaryKey()),
        version: created ? 1 : previousVersion + 1,
        action: tracked.actionFor({ created, from: original, to: payload }),
        actorId: actor.id,
        actorUsername: actor.username,
        actorRole: actor.role,
        at,
        changes,
      });
      uow.computeChangeSet(entry);
    }
  }
}
