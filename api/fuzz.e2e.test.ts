// Schema-driven fuzzing of every operation /openapi.json lists, against the real stack: each operation is
// called with a body, path and query built from its own schemas, then with each of them mutated (wrong
// types, huge and control-character strings, NUL, extra and missing fields, what is not JSON at all). No
// answer may be a 5xx, and every 4xx carries the API's error shape. The mutations are enumerated, not
// drawn at random, so a failure names the request that caused it and happens again on the next run.
import { afterAll, describe, expect, it } from 'vitest';
import { startApiStack } from '../test/harness/apiStack.js';

const stack = await startApiStack({ RATE_LIMIT_PER_SECOND: '100000' });
afterAll(() => stack.stop());

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  format?: string;
  minimum?: number;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  method: string;
  path: string;
  security: string[];
  parameters: Parameter[];
  body?: Schema;
}

const document = (await (await fetch(`${stack.url}/openapi.json`)).json()) as {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, Schema> };
};

const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]!) : schema;

/** A value the schema accepts, as an integrator's first try would be: its example, else one of its kind. */
function sample(given: Schema, depth = 0): unknown {
  const schema = resolve(given);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const choice = schema.oneOf ?? schema.anyOf;
  if (choice) return sample(choice[0]!, depth);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sample(part, depth) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((each) => each !== 'null') : schema.type;
  switch (type) {
    case 'object':
      if (depth > 3) return {};
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sample(property, depth + 1)]),
      );
    case 'array':
      return schema.items ? [sample(schema.items, depth + 1)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return schema.format === 'email' ? 'fuzz@example.com' : schema.format === 'uri' ? 'https://example.com/' : 'x';
  }
}

const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    security: (operation.security ?? []).flatMap((requirement: object) => Object.keys(requirement)),
    parameters: operation.parameters ?? [],
    body: operation.requestBody?.content?.['application/json']?.schema,
  })),
);

/** Strings no field expects: NUL, other control characters, sheer size, and what looks like an attack. */
const hostileStrings = [
  'x\u0000y',
  '\u0000',
  '\u0001\u001f\u007f\u0085',
  'x'.repeat(70_000),
  '\ud83d',
  "'; DROP TABLE app.merchant; --",
  '../../etc/passwd',
  '',
];
/** Values of the wrong type for any field. */
const wrongTypes = [12345, -1, 1e308, true, null, [], {}, ['x\u0000']];

interface Attempt {
  what: string;
  method: string;
  path: string;
  query?: string;
  body?: string;
}

/** Every request tried for `operation`: its sample, then each mutation of its path, query and body. */
function attempts(operation: Operation): Attempt[] {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  // A lone surrogate cannot be percent-encoded: it goes in as the bytes no UTF-8 decoder accepts.
  const encoded = (text: string) => (text === '\ud83d' ? '%ED%A0%BD' : encodeURIComponent(text));
  const pathWith = (value?: string) =>
    operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encoded(
        value ?? String(sample(pathParameters.find((parameter) => parameter.name === name)?.schema ?? {}) ?? 'x'),
      ),
    );
  const body = operation.body ? sample(operation.body) : undefined;
  const base: Attempt = {
    what: 'the sample',
    method: operation.method,
    path: pathWith(),
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  const list: Attempt[] = [base];
  if (pathParameters.length > 0) {
    for (const value of [...hostileStrings.filter((text) => text.length < 10_000), 'x'.repeat(5_000), 'pi_%00'])
      list.push({ ...base, what: `path ${JSON.stringify(value.slice(0, 20))}`, path: pathWith(value) });
  }
  for (const parameter of queryParameters) {
    for (const value of [
      ...hostileStrings.filter((text) => text.length < 10_000),
      '-1',
      '1e309',
      'abc',
      'x'.repeat(5_000),
    ])
      list.push({
        ...base,
        what: `query ${parameter.name}=${JSON.stringify(value.slice(0, 20))}`,
        query: new URLSearchParams({ [parameter.name]: value }).toString(),
      });
    list.push({ ...base, what: `query ${parameter.name} twice`, query: `${parameter.name}=1&${parameter.name}=2` });
  }
  list.push({ ...base, what: 'an unknown query parameter', query: 'fuzz_unknown=1' });
  if (operation.body) {
    for (const raw of ['{', 'null', '[]', '"x"', '12', '{"a":'.repeat(2_000), JSON.stringify({ fuzz_unknown: 1 })])
      list.push({ ...base, what: `body ${raw.slice(0, 20)}`, body: raw });
    const fields = body && typeof body === 'object' ? Object.keys(body) : [];
    for (const field of fields) {
      const { [field]: _, ...without } = body as Record<string, unknown>;
      list.push({ ...base, what: `body without ${field}`, body: JSON.stringify(without) });
      for (const value of [...hostileStrings, ...wrongTypes])
        list.push({
          ...base,
          what: `body ${field}=${JSON.stringify(value)?.slice(0, 20)}`,
          body: JSON.stringify({ ...(body as object), [field]: value }),
        });
    }
    list.push({ ...base, what: 'body with an extra field', body: JSON.stringify({ ...(body as object), fuzz: 1 }) });
  }
  return list;
}

const merchant = await stack.merchant();

async function send(operation: Operation, attempt: Attempt) {
  const credential = operation.security.includes('adminKey') ? stack.adminKey : merchant.key;
  const response = await fetch(`${stack.url}${attempt.path}${attempt.query ? `?${attempt.query}` : ''}`, {
    method: attempt.method,
    headers: {
      ...(operation.security.length > 0 ? { authorization: `Bearer ${credential}` } : {}),
      ...(attempt.body === undefined ? {} : { 'content-type': 'application/json' }),
      // A key of each request's own, so that none replays another's answer.
      ...(attempt.method === 'POST' ? { 'idempotency-key': `fuzz-${Math.random().toString(36).slice(2)}` } : {}),
    },
    body: attempt.body,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, text };
}

const isErrorShape = (text: string) => {
  try {
    const { error } = JSON.parse(text) as { error?: Record<string, unknown> };
    return typeof error?.type === 'string' && typeof error.code === 'string' && typeof error.message === 'string';
  } catch {
    return false;
  }
};

describe.each(operations)('$method $path', (operation) => {
  it('answers every mutated request with a 2xx or a 4xx in the error shape, never a 5xx', async () => {
    const wrong: string[] = [];
    for (const attempt of attempts(operation)) {
      // An event stream stays open on success: only its refusals are read to the end.
      if (operation.path.endsWith('/events') && attempt.what === 'the sample') continue;
      const { status, text } = await send(operation, attempt);
      if (status >= 500 || (status >= 400 && !isErrorShape(text)))
        wrong.push(`${attempt.what}: ${status} ${text.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });
});
