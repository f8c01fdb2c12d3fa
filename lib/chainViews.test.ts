// The views the API and the jobs read must be the tables the indexer writes: same columns, types,
// nullability and enum values, or a read fails (or worse, misreads) only once deployed.
import { getViewSelectedFields } from 'drizzle-orm';
import { getViewConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as indexed from '../ponder.schema.js';
import { chainViews } from './chainViews.js';

interface ColumnLike {
  getSQLType(): string;
  notNull: boolean;
  enumValues?: readonly string[];
  enum?: { enumValues: readonly string[] };
}

/** `numeric(78, 0)` and `numeric(78)` are one type; enum columns compare by their values. */
function describeColumn(column: ColumnLike) {
  const values = column.enum?.enumValues ?? column.enumValues;
  return {
    type: values ? 'enum' : column.getSQLType().replace(/^numeric\((\d+), 0\)$/, 'numeric($1)'),
    notNull: column.notNull,
    values: values ? [...values] : undefined,
  };
}

const tables = new Map(
  Object.values(indexed)
    .filter((value) => typeof value === 'object' && value !== null && Symbol.for('drizzle:Columns') in value)
    .map((table) => [
      (table as unknown as Record<symbol, string>)[Symbol.for('drizzle:Name')]!,
      (table as unknown as Record<symbol, Record<string, ColumnLike>>)[Symbol.for('drizzle:Columns')]!,
    ]),
);

describe('chainViews', () => {
  for (const view of Object.values(chainViews('pmt'))) {
    const { name } = getViewConfig(view);
    it(`reads ${name} as the indexer writes it`, () => {
      const table = tables.get(name);
      expect(table, `ponder.schema.ts has no table ${name}`).toBeDefined();
      for (const [key, column] of Object.entries(getViewSelectedFields(view))) {
        expect(table![key], `${name}.${key} is not indexed`).toBeDefined();
        expect(describeColumn(column as unknown as ColumnLike), `${name}.${key}`).toEqual(describeColumn(table![key]!));
      }
    });
  }
});
