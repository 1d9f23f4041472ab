// A worker for threadRequests.test.ts: answers each request with its own text after its
// delay, and exits (code 3) when asked to.
const { parentPort } = require('node:worker_threads');

parentPort.on('message', ({ id, text, delayMs, exit }) => {
  if (exit) process.exit(3);
  setTimeout(() => parentPort.postMessage({ id, text }), delayMs ?? 0);
});
