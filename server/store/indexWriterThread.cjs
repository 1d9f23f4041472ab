// A worker thread starts without the TypeScript loader the server runs under: register
// it, then run the index writer.
require('tsx/cjs/api').register();
require('./indexWriter.ts');
