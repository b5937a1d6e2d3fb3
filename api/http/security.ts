// HTTP hardening: security headers (helmet), CORS for the add-in's own origin only, no-store on API
// responses, and JSON-only bodies with a size limit.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { AppError } from '../../shared/errors';

/** Where Outlook hosts may frame the taskpane (Outlook on the web, new Outlook, desktop webviews). */
export const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://*.outlook.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.officeapps.live.com',
  'https://*.microsoft.com',
] as const;

export const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';

/** Headers for every response; API responses get the strictest CSP since they are never rendered. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    // Office hosts frame the pane, so the frame-ancestors directive governs framing, not X-Frame-Options.
    xFrameOptions: false,
  });
}

/**
 * The CSP of the add-in's HTML pages: Office.js from Microsoft's CDN, styles injected by Fluent UI,
 * and, with `wasm`, 'wasm-unsafe-eval' because Argon2id runs as WebAssembly in the taskpane app
 * (nowhere else: the send-event page gets none).
 */
export function pageContentSecurityPolicy(options: { wasm: boolean }): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", OFFICE_JS_ORIGIN, ...(options.wasm ? ["'wasm-unsafe-eval'"] : [])],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: [...OFFICE_FRAME_ANCESTORS],
    },
  });
}

export function corsForOrigin(origin: string): RequestHandler {
  return cors({
    origin: (requestOrigin, callback) => callback(null, requestOrigin === origin ? origin : false),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Acting-For'],
    maxAge: 600,
  });
}

export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A request that carries a body must say it is JSON; anything else is refused before parsing. */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
  // Binary uploads go on to their routes, which read them with their own limit; other routes refuse them.
  if (BODY_METHODS.has(req.method) && hasBody && !req.is('application/json') && !req.is('application/octet-stream')) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', { message: 'Send JSON with Content-Type: application/json.' }));
    return;
  }
  next();
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function findForbiddenKey(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return `${path}/${key}`;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Refuses parsed bodies with keys that could reach Object.prototype through a later merge. */
export function rejectPrototypeKeys(req: Request, _res: Response, next: NextFunction): void {
  const found = findForbiddenKey(req.body, 'body', 0);
  if (found) {
    next(new AppError('UNKNOWN_FIELD', { details: [{ path: found, problem: 'is not allowed' }] }));
    return;
  }
  next();
}
