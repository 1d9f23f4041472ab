/** Query parameters that carry secrets (the TV wall's `?token=`): never written to a log. */
const SECRET_PARAMETERS = /([?&](?:token|access_token)=)[^&#]*/gi;

/** A request URL as it may appear in a log: secrets replaced. */
export function logSafeUrl(url: string | undefined): string {
  return (url ?? '').replace(SECRET_PARAMETERS, '$1[redacted]');
}
