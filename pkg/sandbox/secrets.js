// Keeps credentials out of the request log: the OAuth and Airbyte endpoints carry secrets in
// their bodies (and a buggy client may put them in the query), so their log entries are
// rewritten with every credential value replaced by REDACTED.

export const REDACTED = "[redacted]";

const SECRET_KEYS = new Set([
  "client_secret", "refresh_token", "access_token", "token", "code", "code_verifier", "password", "secret",
  "server_side_oauth_secret_id", "clientSecret", "refreshToken", "accessToken",
]);

/** A deep copy of `value` with the value of every secret-named key replaced. */
export function redact(value) {
  if (Array.isArray(value)) return value.map(redact);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) =>
    [key, SECRET_KEYS.has(key) && item !== null && item !== undefined ? REDACTED : redact(item)]));
}

/** Rewrites a journal entry's query and body (`body`: the parsed body, or null) without secrets. */
export function redactEntry(entry, url, body) {
  const params = new URLSearchParams(url.search);
  for (const key of [...params.keys()]) if (SECRET_KEYS.has(key)) params.set(key, REDACTED);
  entry.rawQuery = params.toString();
  entry.query = Object.fromEntries(params);
  entry.body = body === null || body === undefined ? null : redact(body);
  return entry;
}
