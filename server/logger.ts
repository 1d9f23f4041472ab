/** One line per message, on stderr, so stdout stays free for what scripts read. */
export interface Logger {
  info(message: string): void;
  warn(message: string, error?: unknown): void;
  error(message: string, error?: unknown): void;
}

export function createLogger(name: string): Logger {
  const write = (level: string, message: string, error?: unknown) => {
    const detail = error === undefined ? '' : ` ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    process.stderr.write(`${new Date().toISOString()} ${level} [${name}] ${message}${detail}\n`);
  };
  return {
    info: (message) => write('info', message),
    warn: (message, error) => write('warn', message, error),
    error: (message, error) => write('error', message, error),
  };
}
