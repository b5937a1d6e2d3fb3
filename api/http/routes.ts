// Route definitions: each route declares its method, path, schemas and responses once; the same
// definition mounts the Express handler (with validation) and feeds the OpenAPI document, so the two
// cannot drift apart.
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AppError, type ErrorDetail } from '../../shared/errors';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A JSON Schema (2020-12 subset) as used by ajv and OpenAPI 3.1. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface ResponseSpec {
  description: string;
  schema?: JsonSchema;
  contentType?: string;
}

/** Who may call a route: anyone, any session (also one that must still set up a second factor), or a full session. */
export type RouteAuth = 'public' | 'session' | 'full';

/** Checks the request's bearer token for the given level and returns who is calling; throws AppError otherwise. */
export type Authenticator = (req: Request, level: Exclude<RouteAuth, 'public'>) => Promise<unknown>;

export interface RouteDefinition {
  method: HttpMethod;
  auth?: RouteAuth;
  /** Express-style path, e.g. `/api/messages/:id`. */
  path: string;
  summary: string;
  tags: readonly string[];
  body?: JsonSchema;
  /** A binary (application/octet-stream) body instead of JSON, up to this many bytes. */
  binaryBody?: { maxBytes: number };
  query?: JsonSchema;
  params?: JsonSchema;
  responses: Readonly<Record<number, ResponseSpec>>;
  handler: (req: Request, res: Response) => Promise<void> | void;
}

/** An object schema that refuses unknown fields. */
export function closedObject(properties: Record<string, unknown>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The id the request logger gave this request (for audit records). */
export function requestIdOf(res: { locals: Record<string, unknown> }): string {
  return res.locals.requestId as string;
}

export function defineRoute(route: RouteDefinition): RouteDefinition {
  for (const part of ['body', 'query', 'params'] as const) {
    const schema = route[part];
    if (schema) assertClosedObjects(schema, `${route.method.toUpperCase()} ${route.path} ${part}`);
  }
  return route;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, coerceTypes: false, useDefaults: false }));

/** Every object schema must forbid unknown fields: mass assignment and operator injection stop here. */
export function assertClosedObjects(schema: unknown, where: string): void {
  if (Array.isArray(schema)) {
    schema.forEach((item) => assertClosedObjects(item, where));
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  const record = schema as Record<string, unknown>;
  if (record.type === 'object' && record.additionalProperties !== false) {
    throw new Error(`${where}: object schemas must set additionalProperties: false`);
  }
  for (const value of Object.values(record)) assertClosedObjects(value, where);
}

function toDetails(errors: readonly ErrorObject[] | null | undefined, part: string): ErrorDetail[] {
  return (errors ?? []).slice(0, 10).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? `/${String(e.params.additionalProperty)}` : '';
    return { path: `${part}${e.instancePath}${extra}`, problem: e.keyword === 'additionalProperties' ? 'is not allowed' : (e.message ?? 'is invalid') };
  });
}

function validator(schema: JsonSchema | undefined): ValidateFunction | undefined {
  return schema ? ajv.compile(schema) : undefined;
}

/** Mounts route definitions on a router: validation first, then the handler, errors to `next`. */
export function mountRoutes(router: Router, routes: readonly RouteDefinition[], options: { authenticate?: Authenticator } = {}): void {
  const methodsByPath = new Map<string, Set<HttpMethod>>();
  for (const route of routes) {
    const checks: { part: 'body' | 'query' | 'params'; validate: ValidateFunction }[] = [];
    for (const part of ['params', 'query', 'body'] as const) {
      const validate = validator(route[part]);
      if (validate) checks.push({ part, validate });
    }
    const level = route.auth ?? 'public';
    const handler: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
      if (level !== 'public') {
        const { authenticate } = options;
        if (!authenticate) {
          next(new AppError('AUTH_REQUIRED'));
          return;
        }
        authenticate(req, level).then(
          (auth) => {
            res.locals.auth = auth;
            validateAndHandle(req, res, next);
          },
          next,
        );
        return;
      }
      validateAndHandle(req, res, next);
    };
    const validateAndHandle = (req: Request, res: Response, next: NextFunction): void => {
      if (!route.binaryBody && req.is('application/octet-stream')) {
        next(new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Send JSON with Content-Type: application/json.' }));
        return;
      }
      if (route.binaryBody && !Buffer.isBuffer(req.body)) {
        next(new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'This endpoint takes application/octet-stream.' }));
        return;
      }
      for (const { part, validate } of checks) {
        const value: unknown = part === 'body' ? req.body : part === 'query' ? { ...req.query } : { ...req.params };
        if (part === 'body' && (req.body === undefined || Buffer.isBuffer(req.body))) {
          next(new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'This endpoint takes a JSON body (Content-Type: application/json).' }));
          return;
        }
        if (!validate(value)) {
          const unknownField = validate.errors?.some((e) => e.keyword === 'additionalProperties');
          next(new AppError(unknownField ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', { details: toDetails(validate.errors, part) }));
          return;
        }
      }
      Promise.resolve(route.handler(req, res)).catch(next);
    };
    if (route.binaryBody) {
      // Read only after authentication, and cut off at the limit while reading.
      const raw = express.raw({ type: 'application/octet-stream', limit: route.binaryBody.maxBytes });
      router[route.method](route.path, (req: Request, res: Response, next: NextFunction) => {
        if (!options.authenticate) {
          next(new AppError('AUTH_REQUIRED'));
          return;
        }
        options.authenticate(req, level === 'public' ? 'session' : level).then((auth) => {
          res.locals.auth = auth;
          raw(req, res, (err?: unknown) => (err ? next(err) : validateAndHandle(req, res, next)));
        }, next);
      });
    } else {
      router[route.method](route.path, handler);
    }
    const methods = methodsByPath.get(route.path) ?? new Set<HttpMethod>();
    methods.add(route.method);
    methodsByPath.set(route.path, methods);
  }
  for (const [routePath, methods] of methodsByPath) {
    const allow = [...methods].map((m) => m.toUpperCase());
    if (methods.has('get')) allow.push('HEAD');
    router.all(routePath, (_req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Allow', allow.join(', '));
      next(new AppError('METHOD_NOT_ALLOWED'));
    });
  }
}
