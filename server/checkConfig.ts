import { ConfigError, loadConfig } from './config';

// Run by `npm start` before it builds, so a bad variable is reported at once.
try {
  loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Waybill cannot start: ${error.message}\n`);
  process.exit(2);
}
