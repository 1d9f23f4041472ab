// A worker thread starts without the TypeScript loader the server runs under: register
// it, then run the simulator's thread.
require('tsx/cjs/api').register();
require('./trafficWorker.ts');
