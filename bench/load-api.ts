// The API for `npm run load`: api/main.ts as `npm start` runs it, plus its own memory figures. On
// SIGUSR2 it collects garbage and prints one JSON line {"loadMemory": {...}} on stdout, so heap
// figures compare live objects, not garbage that happened to be waiting.
import v8 from 'node:v8';
import vm from 'node:vm';
import '../api/main';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

process.on('SIGUSR2', () => {
  gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ loadMemory: { rss, heapUsed, heapTotal, external, arrayBuffers } })}\n`);
});
