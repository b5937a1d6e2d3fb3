// fast-check arbitraries for requests to the API, derived from its OpenAPI document: values shaped
// by each JSON schema, and the same values bent off-schema (wrong types, unknown and prototype keys,
// MongoDB operators, huge strings) the way an attacker or a broken client would send them.
import fc from 'fast-check';

type Schema = Readonly<Record<string, unknown>>;

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. /api/messages/{messageId} */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  body?: Schema;
  /** The route needs a session (declares bearer security). */
  needsSession: boolean;
}

export interface FuzzRequest {
  url: string;
  /** The raw JSON text to send, or undefined for no body. */
  body?: string;
}

/** Every operation that takes JSON (or nothing) from the document; binary uploads are left out. */
export function jsonOperations(document: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      if (content && !content['application/json']) continue;
      const parameters = (op.parameters ?? []) as { name: string; in: string; required?: boolean; schema: Schema }[];
      operations.push({
        method: method as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required === true })),
        ...(content ? { body: content['application/json']!.schema } : {}),
        needsSession: Array.isArray(op.security),
      });
    }
  }
  return operations;
}

const LONG = 2000;

/** Values that satisfy the schema (as far as a generator can: patterns and lengths may clash). */
export function valueOf(schema: Schema | undefined): fc.Arbitrary<unknown> {
  if (!schema) return fc.jsonValue({ maxDepth: 2 });
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) return fc.oneof(...(schema[key] as Schema[]).map((s) => valueOf(s)));
  }
  const type = schema.type;
  if (Array.isArray(type)) return fc.oneof(...(type as string[]).map((t) => valueOf({ ...schema, type: t })));
  switch (type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({ min: (schema.minimum as number | undefined) ?? -1_000_000, max: (schema.maximum as number | undefined) ?? 1_000_000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: (schema.minimum as number | undefined) ?? -1e9, max: (schema.maximum as number | undefined) ?? 1e9 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = (schema.minItems as number | undefined) ?? 0;
      const max = Math.max(min, Math.min((schema.maxItems as number | undefined) ?? 4, 4));
      return fc.array(valueOf(schema.items as Schema | undefined), { minLength: min, maxLength: max });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = (schema.required ?? []) as string[];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, propertySchema] of Object.entries(properties)) model[name] = valueOf(propertySchema);
      return fc.record(model, { requiredKeys: required.filter((name) => name in model) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = Math.min((schema.maxLength as number | undefined) ?? LONG, LONG);
  const fit = (s: string) => (s.length > max ? s.slice(0, max) : s);
  if (schema.format === 'email') return fc.emailAddress().map(fit);
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).map(fit);
  return fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' });
}

/** What an attacker puts where a value belongs. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>({ $gt: '' }, { $ne: null }, { $regex: '.*' }, { $where: 'sleep(100)' }, [], {}, null, true, 0, -1, 1e308, '', ' ', '\u0000', '../../etc/passwd', '<script>alert(1)</script>'),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.constant(JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') as unknown),
  fc.constant('x'.repeat(70_000)),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.jsonValue({ maxDepth: 3 }),
);

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'isAdmin', 'barNumber', 'twoFactorEnabled', 'accountId', '$where', '$set', 'a.b', '');

/** The schema's value bent: a field replaced by a hostile value, or an unknown key added. */
function bent(schema: Schema | undefined): fc.Arbitrary<unknown> {
  return fc.tuple(valueOf(schema), fc.oneof(fc.constant('add' as const), fc.constant('replace' as const)), hostileKey, hostileValue, fc.nat()).map(([value, how, key, hostile, pick]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return hostile;
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
    const keys = Object.keys(copy);
    const target = how === 'replace' && keys.length > 0 ? keys[pick % keys.length]! : key;
    Object.defineProperty(copy, target, { value: hostile, enumerable: true, writable: true, configurable: true });
    return copy;
  });
}

/** A body for the operation: mostly schema-shaped, often bent, sometimes anything at all. */
export function bodyOf(schema: Schema | undefined): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 4, arbitrary: valueOf(schema) },
      { weight: 4, arbitrary: bent(schema) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    )
    .map((value) => JSON.stringify(value) ?? 'null');
}

const hostileSegment = fc.oneof(
  fc.constantFrom('{"$gt":""}', '__proto__', 'constructor', '..', '%00', ' ', 'x'.repeat(300), '-1', '1e999', 'null'),
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
);

export function requestOf(op: Operation): fc.Arbitrary<FuzzRequest> {
  const segments = fc.tuple(...op.pathParams.map((p) => fc.oneof(valueOf(p.schema).map(String), hostileSegment)));
  const query = fc.tuple(
    fc.tuple(...op.queryParams.map((p) => fc.option(fc.oneof({ weight: 3, arbitrary: valueOf(p.schema).map(String) }, { weight: 1, arbitrary: hostileSegment }), { nil: undefined, freq: p.required ? 8 : 2 }))),
    fc.option(fc.tuple(fc.oneof(hostileKey, fc.constantFrom(...(op.queryParams.length ? op.queryParams.map((p) => p.name) : ['q']))), hostileSegment), { nil: undefined }),
  );
  const body = op.body ? bodyOf(op.body).map((b) => b as string | undefined) : fc.constant(undefined);
  return fc.tuple(segments, query, body).map(([values, [queryValues, extra], bodyText]) => {
    let path = op.path;
    op.pathParams.forEach((p, i) => {
      path = path.replace(`{${p.name}}`, encodeURIComponent(values[i] as string));
    });
    const pairs: string[] = [];
    op.queryParams.forEach((p, i) => {
      const v = queryValues[i];
      if (v !== undefined) pairs.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`);
    });
    if (extra) pairs.push(`${encodeURIComponent(extra[0])}=${encodeURIComponent(extra[1])}`);
    return { url: pairs.length ? `${path}?${pairs.join('&')}` : path, ...(bodyText !== undefined ? { body: bodyText } : {}) };
  });
}
