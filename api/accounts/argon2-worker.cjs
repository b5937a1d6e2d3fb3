// Worker thread of argon2-pool.ts: computes one Argon2id hash per message with hash-wasm, so the
// API's event loop keeps serving other requests meanwhile.
'use strict';

// Plain CommonJS on purpose: a worker thread gets no TypeScript loader (not under tsx, not under
// Jest), and this file must load the same everywhere.

const { parentPort } = require('node:worker_threads');
const { argon2id } = require('hash-wasm');

if (!parentPort) throw new Error('argon2-worker.cjs runs only as a worker thread of argon2-pool.ts');
const port = parentPort;

// One task at a time: the pool sends the next one only after this one's answer. The answer carries
// the hash or the error's message (hash-wasm's messages name parameters, never the input).
port.on('message', (task) => {
  argon2id({
    password: task.password,
    salt: task.salt,
    iterations: task.iterations,
    memorySize: task.memoryKiB,
    parallelism: task.parallelism,
    hashLength: task.hashLength,
    outputType: 'binary',
  }).then(
    (hash) => port.postMessage({ hash }),
    (error) => port.postMessage({ error: error instanceof Error ? error.message : 'Argon2id failed' }),
  );
});
