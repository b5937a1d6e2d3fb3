// Process entry of the API (`npm start` runs it through tsx): start, then stop cleanly on SIGTERM.
import { ConfigError } from './config';
import { startServer } from './server';
import { serializeError } from './logging';

async function main(): Promise<void> {
  const running = await startServer();
  const stop = (signal: string) => {
    running.shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        running.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // Last resort: a bug that escaped every handler is logged without its message and ends the process,
  // so a supervisor restarts it in a known state.
  process.on('uncaughtException', (err) => {
    running.logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    running.logger.fatal({ err }, 'unhandled rejection');
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`Zegel could not start: ${err instanceof Error ? err.message : 'unknown error'}\n${JSON.stringify(serializeError(err))}\n`);
  process.exit(1);
});
