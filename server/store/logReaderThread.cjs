// A worker thread starts without the TypeScript loader the server runs under: register
// it, then run the log's reader.
require('tsx/cjs/api').register();
require('./logReader.ts');
