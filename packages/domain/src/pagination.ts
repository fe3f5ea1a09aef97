import { z } from 'zod';
import { DomainError } from './errors';

/** `{ cursor?, limit? }` shared by every list: limit 1–100, default 20. */
export const ZPageInput = z.object({
  cursor: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** A page of items; `nextCursor` is null on the last page. */
export const zPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Keyset position: the sort timestamp and the id of the last row of the previous page. */
export interface TKeyset {
  at: string;
  id: string;
}

const ZKeyset = z.object({ at: z.iso.datetime(), id: z.string().min(1).max(64) }).strict();

/** Cursors are opaque to clients: base64url of the keyset position. */
export const encodeCursor = (keyset: TKeyset): string =>
  Buffer.from(JSON.stringify(keyset)).toString('base64url');

export const decodeCursor = (cursor: string): TKeyset => {
  try {
    return ZKeyset.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new DomainError('BAD_REQUEST', 'Invalid cursor', { cursor: ['Invalid cursor'] });
  }
};
