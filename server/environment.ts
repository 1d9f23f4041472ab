/*
 * Reading environment variables: what a setting looks like when it is unset, and the one
 * error a bad one stops the start with (naming the variable). Shared by every module that
 * reads its own settings (config.ts, tracing's options).
 */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** A variable's value, trimmed; undefined when unset or empty. */
export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** An http(s) URL, normalised; null when unset. */
export function httpUrl(env: Env, name: string): string | null {
  const text = optional(env, name);
  if (text === undefined) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(name, `expected an http(s) URL, got ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `expected an http(s) URL, got ${JSON.stringify(text)}`);
  return url.toString();
}
