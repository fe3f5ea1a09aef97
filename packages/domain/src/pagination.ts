import { z } from 'zod';
import { DomainError } from './errors';
import { DATE_RANGE, UUID } from './formats';

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

/**
 * Every decoded cursor is validated like any input, so a forged one is a 400 and never reaches the
 * database: its time within `DATE_RANGE`, its id a UUID (every keyset here is on a uuid column).
 */
const ZKeyset = z
  .object({
    at: z.iso
      .datetime()
      .refine((at) => at.slice(0, 10) >= DATE_RANGE.min && at.slice(0, 10) <= DATE_RANGE.max),
    id: z.string().regex(UUID),
  })
  .strict();

/** base64url of UTF-8 text, with the web platform's own functions (no Node `Buffer` in the domain). */
const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
const fromBase64Url = (encoded: string) => {
  const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
};

/** Cursors are opaque to clients: base64url of the keyset position. */
export const encodeCursor = (keyset: TKeyset): string => toBase64Url(JSON.stringify(keyset));

export const decodeCursor = (cursor: string): TKeyset => {
  try {
    return ZKeyset.parse(JSON.parse(fromBase64Url(cursor)));
  } catch {
    throw new DomainError('BAD_REQUEST', 'Invalid cursor', { cursor: ['Invalid cursor'] });
  }
};
