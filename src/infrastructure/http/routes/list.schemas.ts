import { z } from 'zod';
import { type Cursor, decodeCursor, MAX_PAGE } from '../../../projections/queries/keyset.js';

/** `cursor` is what a previous page's `nextCursor` said; anything else is a 400. */
export const cursorSchema = z
  .string()
  .max(1_000)
  .transform((text, ctx): Cursor => {
    const cursor = decodeCursor(text);
    if (!cursor) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this server handed out' });
      return z.NEVER;
    }
    return cursor;
  });

/** Paging of every list: `limit` 1..100 (default 20) and an optional cursor. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(20),
  cursor: cursorSchema.optional(),
});

/** A comma-separated list of values of an enum: `status=REQUESTED,DISPATCHED`. */
export const commaListOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z
    .string()
    .transform((text) =>
      text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(z.enum(values)).min(1));

/** The response of every list. */
export const pageResponseSchema = <Item extends z.ZodType>(item: Item) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
