// Stripe's cursor pagination, the same on every list: `limit`, `starting_after` (the page after that id,
// older) or `ending_before` (the page before it, newer); the answer is `{ object: 'list', data, has_more,
// url }`, newest first.
import { z } from '@hono/zod-openapi';
import { asc, desc, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { ApiError, notFound } from './errors.js';

/** The paging parameters of a list of `item`s (`payment intent`), to extend with its filters. */
export function pageQuery(item: string) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: '1 to 100, default 10' }),
    starting_after: z
      .string()
      .optional()
      .openapi({ description: `A ${item} id: the page after it (older)` }),
    ending_before: z
      .string()
      .optional()
      .openapi({ description: `A ${item} id: the page before it (newer)` }),
  });
}

export type PageParams = z.infer<ReturnType<typeof pageQuery>>;

/** The list envelope around `item`, named `name` in the OpenAPI document. */
export function listSchema<Item extends z.ZodType>(name: string, item: Item) {
  return z
    .object({ object: z.literal('list'), data: z.array(item), has_more: z.boolean(), url: z.string() })
    .openapi(name);
}

export interface Page {
  /** The id to page from, and the parameter that named it (for a 404 that points at it). */
  cursor?: { id: string; param: 'starting_after' | 'ending_before' };
  /** Rows are read newest first, except for `ending_before`, which reads upwards from the cursor. */
  newerFirst: boolean;
}

export function pageOf(params: PageParams): Page {
  if (params.starting_after !== undefined && params.ending_before !== undefined)
    throw new ApiError('parameter_invalid', 'Send starting_after or ending_before, not both.', 'ending_before');
  if (params.ending_before !== undefined)
    return { cursor: { id: params.ending_before, param: 'ending_before' }, newerFirst: false };
  if (params.starting_after !== undefined)
    return { cursor: { id: params.starting_after, param: 'starting_after' }, newerFirst: true };
  return { newerFirst: true };
}

/** A 404 naming the cursor's parameter unless `owned` finds the cursor among what the caller may list. */
export async function requireCursor(page: Page, what: string, owned: (id: string) => Promise<unknown[]>) {
  if (page.cursor && (await owned(page.cursor.id)).length === 0)
    throw notFound(what, page.cursor.id, page.cursor.param);
}

/** Rows of an app table past the cursor row, ordered by (created_at, id) like `createdOrder`. */
export function pastCursor(createdAt: AnyPgColumn, id: AnyPgColumn, cursorId: string, newerFirst: boolean): SQL {
  const position = sql`(SELECT ${createdAt}, ${id} FROM ${createdAt.table} WHERE ${id} = ${cursorId})`;
  return newerFirst ? sql`(${createdAt}, ${id}) < ${position}` : sql`(${createdAt}, ${id}) > ${position}`;
}

export function createdOrder(createdAt: AnyPgColumn, id: AnyPgColumn, newerFirst: boolean): SQL[] {
  return newerFirst ? [desc(createdAt), desc(id)] : [asc(createdAt), asc(id)];
}

/** The envelope for `rows` read with `limit + 1` (the extra row only says there is more), newest first. */
export function listBody<Row, Item>(
  url: string,
  rows: Row[],
  { limit }: PageParams,
  { newerFirst }: Page,
  toItem: (row: Row) => Item,
) {
  const data = rows.slice(0, limit);
  if (!newerFirst) data.reverse();
  return { object: 'list' as const, data: data.map((row) => toItem(row)), has_more: rows.length > limit, url };
}
