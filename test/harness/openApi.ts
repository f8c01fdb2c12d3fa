// The API's own /openapi.json as the contract every test holds it to: the document is checked against the
// OpenAPI 3.1 schema, and every JSON body a test receives (responses, and the event stream's data) is
// validated against what the document says that route answers with that status, as is every webhook a test
// receives against the document's `webhooks` entry of its type. A route, a status or an event type the
// document does not mention fails the test as surely as a wrong field does, so document and API cannot
// drift apart.
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

/** One operation of the document, as the route-wide tests need it. */
export interface DocumentedOperation {
  method: string;
  operationId: string | undefined;
  /** The path template, `/v1/payment_intents/{id}`. */
  template: string;
  /** The resource a restricted key must be allowed (the operation's first tag). */
  resource: string | undefined;
  /** The security schemes that authorize it; empty for a public route. */
  security: string[];
  /** Names of its path, query and header parameters (headers lower-cased). */
  pathParameters: string[];
  queryParameters: string[];
  headerParameters: string[];
}

interface Operation extends DocumentedOperation {
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface OperationObject {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  responses: Operation['responses'];
}

export interface OpenApiContract {
  /** Every operation the document lists. */
  operations: DocumentedOperation[];
  /** Throws unless `body`, received as `status` from `method path`, is what the document promises. */
  checkResponse(method: string, path: string, status: number, contentType: string | null, body: unknown): void;
  /** Throws unless one event's `data` from the stream at `path` matches the stream's documented schema. */
  checkEvent(path: string, data: unknown): void;
  /** Throws unless a webhook's body (an Event) matches the document's webhook of the event's type. */
  checkWebhook(body: unknown): void;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const SCHEMA_ID = 'pmt:openapi';

/** Reads `${baseUrl}/openapi.json` (through `send`: an in-process app's own fetch) and returns its contract. */
export async function openApiContract(baseUrl: string, send: typeof fetch = fetch): Promise<OpenApiContract> {
  const response = await send(`${baseUrl}/openapi.json`);
  if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
  const document = (await response.json()) as {
    paths: Record<string, Record<string, unknown>>;
    webhooks?: Record<string, { post?: unknown }>;
  };
  const validity = await new Validator().validate(structuredClone(document) as Record<string, unknown>);
  if (!validity.valid)
    throw new Error(`/openapi.json is not a valid OpenAPI document: ${JSON.stringify(validity.errors, null, 2)}`);

  // strictSchema off: the schema resource below is an OpenAPI document, whose own keys (paths, responses,
  // example) are no JSON Schema keywords.
  const ajv = new Ajv2020({ allErrors: true, strictSchema: false });
  ajvFormats.default(ajv);
  // The document's paths and components as one schema resource, so the `#/components/…` references inside
  // a response schema resolve against it.
  ajv.addSchema({
    $id: SCHEMA_ID,
    paths: document.paths,
    webhooks: document.webhooks,
    components: (document as { components?: unknown }).components,
  });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (pointer: string) => {
    const validate = compiled.get(pointer) ?? ajv.compile({ $ref: `${SCHEMA_ID}#${pointer}` });
    compiled.set(pointer, validate);
    return validate;
  };

  const operations: Operation[] = Object.entries(document.paths)
    .flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.has(method))
        .map(([method, item]): Operation => {
          const operation = item as OperationObject;
          const parameters = (where: string) =>
            (operation.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);
          return {
            method,
            operationId: operation.operationId,
            template,
            resource: operation.tags?.[0],
            security: (operation.security ?? []).flatMap((requirement) => Object.keys(requirement)),
            pathParameters: parameters('path'),
            queryParameters: parameters('query'),
            headerParameters: parameters('header').map((name) => name.toLowerCase()),
            pattern: templatePattern(template),
            responses: operation.responses,
          };
        }),
    )
    // Literal segments win over parameters, as a router matches them.
    .sort((a, b) => a.template.split('{').length - b.template.split('{').length);

  const find = (method: string, path: string) => {
    const pathname = new URL(path, 'http://api').pathname;
    return operations.find(
      (operation) => operation.method === method.toLowerCase() && operation.pattern.test(pathname),
    );
  };
  const jsonPointer = (...parts: string[]) =>
    ['', ...parts].map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
  const pointer = (operation: Operation, status: string, mediaType: string) =>
    jsonPointer('paths', operation.template, operation.method, 'responses', status, 'content', mediaType, 'schema');
  const enforce = (validate: ValidateFunction, body: unknown, what: string) => {
    if (validate(body)) return;
    const problems = (validate.errors ?? []).map(
      (error) => `  ${error.instancePath || '(body)'} ${error.message} ${JSON.stringify(error.params)}`,
    );
    throw new Error(`${what} does not match /openapi.json:\n${problems.join('\n')}\nbody: ${JSON.stringify(body)}`);
  };

  return {
    operations: operations.map(({ pattern: _pattern, responses: _responses, ...operation }) => operation),
    checkResponse(method, path, status, contentType, body) {
      const what = `${method} ${path} → ${status}`;
      const operation = find(method, path);
      if (!operation) {
        // An unknown route: the app's 404, in the one error shape.
        if (status !== 404) throw new Error(`${what}: /openapi.json documents no such route`);
        enforce(validator('/components/schemas/Error'), body, what);
        return;
      }
      const statusKey = String(status) in operation.responses ? String(status) : 'default';
      const documented = operation.responses[statusKey];
      if (!documented)
        throw new Error(
          `${what}: /openapi.json does not document status ${status} for ${operation.method.toUpperCase()} ${operation.template}`,
        );
      const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const mediaTypes = Object.keys(documented.content ?? {});
      if (!mediaTypes.includes(mediaType)) {
        if (mediaTypes.length === 0 && body === '') return;
        throw new Error(
          `${what}: answered ${mediaType || 'without a content type'} where /openapi.json documents ${mediaTypes.join(', ') || 'no body'}`,
        );
      }
      if (isJson(mediaType)) enforce(validator(pointer(operation, statusKey, mediaType)), body, what);
    },
    checkEvent(path, data) {
      const operation = find('get', path);
      if (!operation?.responses['200']?.content?.['text/event-stream'])
        throw new Error(`GET ${path}: /openapi.json documents no event stream`);
      enforce(validator(pointer(operation, '200', 'text/event-stream')), data, `event from ${path}`);
    },
    checkWebhook(body) {
      const type = String((body as { type?: unknown } | null)?.type);
      if (!document.webhooks?.[type]?.post) throw new Error(`a webhook of type ${type}: /openapi.json documents none`);
      const schema = jsonPointer('webhooks', type, 'post', 'requestBody', 'content', 'application/json', 'schema');
      enforce(validator(schema), body, `webhook ${type}`);
    },
  };
}

/**
 * `fetch`, checking each response against `contract` before the caller sees it. An event stream's body is
 * left unread for the caller: its events are checked one by one (`checkEvent`).
 */
export function checkedFetch(contract: OpenApiContract, send: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await send(request);
    const contentType = response.headers.get('content-type');
    const url = new URL(request.url);
    const streaming = /^text\/event-stream\b/i.test(contentType ?? '');
    const text = streaming ? undefined : await response.clone().text();
    const what = `${request.method} ${url.pathname}${url.search} → ${response.status}`;
    let body: unknown = text;
    if (text && isJson(contentType)) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`${what}: says it is JSON but is not: ${text.slice(0, 200)}`);
      }
    }
    contract.checkResponse(request.method, url.pathname + url.search, response.status, contentType, body);
    return response;
  };
}

/** JSON media types: application/json and any `+json` suffix (application/problem+json, …). */
const isJson = (contentType: string | null) => /^application\/([\w.-]+\+)?json\b/i.test(contentType ?? '');

/** A path template (`/v1/payment_intents/{id}`) as a pattern matching its concrete paths. */
function templatePattern(template: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const pattern = template
    .split(/\{[^}]+\}/)
    .map(literal)
    .join('[^/]+');
  return new RegExp(`^${pattern}$`);
}
