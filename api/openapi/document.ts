// Builds the OpenAPI 3.1 document from the same route definitions that Express mounts.
import type { JsonSchema, RouteDefinition } from '../http/routes';

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, problem: { type: 'string' } } },
        },
      },
    },
  },
};

/** `/api/messages/:id` → `/api/messages/{id}` */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(route: RouteDefinition): unknown[] {
  const out: unknown[] = [];
  for (const [location, schema] of [['path', route.params], ['query', route.query]] as const) {
    if (!schema) continue;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema.required ?? []) as string[]);
    for (const [name, propertySchema] of Object.entries(properties)) {
      out.push({ name, in: location, required: location === 'path' || required.has(name), schema: propertySchema });
    }
  }
  return out;
}

export function buildOpenApiDocument(routes: readonly RouteDefinition[], info: { version: string; serverUrl: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { [spec.contentType ?? 'application/json']: { schema: spec.schema } } } : {}),
      };
    }
    responses.default = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: route.tags,
      operationId: `${route.method}${toOpenApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      responses,
    };
    if (route.auth && route.auth !== 'public') {
      operation.security = [{ bearer: [] }];
      operation['x-zegel-session'] = route.auth === 'full' ? 'full session (second factor passed)' : 'any session, also one that must still set up a second factor';
    }
    const params = parameters(route);
    if (params.length > 0) operation.parameters = params;
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: route.body } } };
    if (route.binaryBody) operation.requestBody = { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: route.binaryBody.maxBytes } } } };
    const key = toOpenApiPath(route.path);
    paths[key] = { ...paths[key], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Zegel API', version: info.version, description: 'Secure court correspondence: accounts, second factors, keys, messages and receipts.' },
    servers: [{ url: info.serverUrl }],
    paths,
    components: { schemas: { Error: errorSchema }, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}
