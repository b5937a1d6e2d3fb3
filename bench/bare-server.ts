// The baseline for figure 5: a bare Express 5 handler, started the same way as the API
// (`node --import tsx`, same environment), with nothing in front of it: no middleware, no logging,
// no authentication, no database. Prints {"port":N} once it listens on 127.0.0.1.
import express from 'express';

const app = express();
app.get('/bare', (_req, res) => {
  res.json({ status: 'ok' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
