// Starts the API: configuration, logger, database, indexes, the Express app over http or https, and a
// graceful shutdown on SIGTERM/SIGINT. main.ts calls this; tests start it as a child process.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logging';
import { openDatabase, EMBEDDED_ENGINE_WARNING, type Database } from './db/mongo';
import { createApp } from './app';
import { buildFeatures, type Features } from './features';
import { startSweeper } from './sweeper';
import { ensureDevCertificate, trustInstructions } from './tls/dev-cert';

export interface RunningServer {
  config: Config;
  logger: Logger;
  database: Database;
  features: Features;
  server: http.Server | https.Server;
  url: string;
  shutdown(reason: string): Promise<void>;
}

async function tlsOptions(config: Config, logger: Logger): Promise<https.ServerOptions | undefined> {
  if (config.https.mode === 'off') return undefined;
  if (config.https.mode === 'files') {
    return { cert: fs.readFileSync(config.https.certFile ?? ''), key: fs.readFileSync(config.https.keyFile ?? '') };
  }
  const cert = await ensureDevCertificate(path.resolve('.cert'));
  if (cert.created) process.stdout.write(`${trustInstructions(cert.caFile)}\n`);
  logger.info({ caFile: cert.caFile }, 'development certificate in use');
  return { cert: fs.readFileSync(cert.certFile), key: fs.readFileSync(cert.keyFile) };
}

export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel });
  const database = await openDatabase({ uri: config.mongodbUri, dataDir: path.join(config.dataDir, 'db'), logger });
  if (database.kind === 'embedded') process.stdout.write(`${EMBEDDED_ENGINE_WARNING}\n`);
  const features = await buildFeatures({ config, logger, database });
  await features.ensureIndexes();
  const sweeper = startSweeper({ tasks: features.sweepTasks, logger });
  const { app } = createApp({ config, logger, database, routes: features.routes, authenticate: features.authenticate, version: process.env.npm_package_version ?? '0.1.0' });
  const tls = await tlsOptions(config, logger);
  const server = tls ? https.createServer(tls, app) : http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `${tls ? 'https' : 'http'}://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${address.port}`;
  logger.info({ url, database: database.kind }, 'listening');

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      await closed;
      clearTimeout(grace);
      sweeper.stop();
      await features.close();
      await database.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { config, logger, database, features, server, url, shutdown };
}
