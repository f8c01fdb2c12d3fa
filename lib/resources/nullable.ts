// `schema` or null, documented as `anyOf: [schema, {type: null}]`. zod-to-openapi documents `.nullable()`
// of a named component as `allOf: [$ref, {type: [object, null]}]`, which admits no null, and
// `.nullable().openapi(…)` makes the component itself nullable everywhere it is used.
import { z } from '@hono/zod-openapi';

export const nullable = <Schema extends z.ZodType>(schema: Schema) => z.union([schema, z.null()]);
