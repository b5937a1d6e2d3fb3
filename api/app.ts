// Builds the Express application from its parts; main.ts gives it a server, tests call it directly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Config } from './config';
import type { Logger } from './logging';
import { mountRoutes, defineRoute, type Authenticator, type RouteDefinition } from './http/routes';
import { errorHandler, notFound, RETRY_AFTER_SECONDS } from './http/errors';
import { corsForOrigin, noStore, pageContentSecurityPolicy, rejectPrototypeKeys, requireJsonBody, securityHeaders } from './http/security';
import { healthRoutes } from './health/routes';
import { buildOpenApiDocument } from './openapi/document';
import { AppError } from '../shared/errors';

export interface DatabaseStatus {
  isAvailable(): boolean;
  ping(): Promise<boolean>;
}

export interface AppDependencies {
  config: Config;
  logger: Logger;
  database: DatabaseStatus;
  /** Feature routes under /api; each is validated and described in the OpenAPI document. */
  routes?: readonly RouteDefinition[];
  /** Resolves the caller of routes that need a session. */
  authenticate?: Authenticator;
  version?: string;
}

export interface ZegelApp {
  app: Express;
  routes: readonly RouteDefinition[];
  openApi: Record<string, unknown>;
}

export function createApp(deps: AppDependencies): ZegelApp {
  const { config, logger, database } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxyHops);
  app.set('query parser', 'simple');

  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = crypto.randomUUID();
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, ip: req.ip }, 'request');
    });
    next();
  });
  app.use(securityHeaders());

  const apiRoutes = deps.routes ?? [];
  const openApiRoute = defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI document',
    tags: ['meta'],
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: { type: 'object' } } },
    handler: (_req, res) => {
      res.json(openApi);
    },
  });
  const routes = [...healthRoutes(database), openApiRoute, ...apiRoutes];
  const openApi = buildOpenApiDocument(routes, { version: deps.version ?? '0.0.0', serverUrl: config.publicBaseUrl.origin });

  const api = express.Router();
  api.use(noStore);
  api.use(corsForOrigin(config.publicBaseUrl.origin));
  // The database gate: while the engine is away, answer quickly with 503 instead of hanging.
  api.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/') && req.path !== '/api/openapi.json' && !database.isAvailable()) {
      next(new AppError('SERVICE_UNAVAILABLE', { retryAfterSeconds: RETRY_AFTER_SECONDS }));
      return;
    }
    next();
  });
  api.use(requireJsonBody);
  api.use(express.json({ limit: config.jsonBodyLimitBytes, strict: true, type: 'application/json' }));
  api.use(rejectPrototypeKeys);
  mountRoutes(api, routes, deps.authenticate ? { authenticate: deps.authenticate } : {});
  api.use('/api', notFound);
  app.use(api);

  serveAddin(app, config);
  app.use(notFound);
  app.use(errorHandler(logger));
  return { app, routes, openApi };
}

/** The pages of the taskpane app, the only ones that run Argon2id as WebAssembly. */
const TASKPANE_PAGES = new Set(['/', '/app', '/taskpane.html']);

/** The built add-in (dist/): HTML pages get the page CSP; the manifest is served as XML. */
function serveAddin(app: Express, config: Config): void {
  const dist = config.distDir;
  const withWasm = pageContentSecurityPolicy({ wasm: true });
  const withoutWasm = pageContentSecurityPolicy({ wasm: false });
  app.use((req: Request, res: Response, next: NextFunction) => (TASKPANE_PAGES.has(req.path) ? withWasm : withoutWasm)(req, res, next));
  app.use(
    express.static(dist, {
      index: false,
      dotfiles: 'deny',
      redirect: false,
      setHeaders: (res, filePath) => {
        if (filePath.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get(['/', '/app'], (_req: Request, res: Response, next: NextFunction) => {
    const file = path.join(dist, 'taskpane.html');
    if (!fs.existsSync(file)) {
      next(new AppError('NOT_FOUND', { message: 'The add-in is not built yet: run npm run build.' }));
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file);
  });
}
