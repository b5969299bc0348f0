/**
 * Secrets out of any text a provider sends back before it is stored or shown: the configured
 * key wherever it appears, Authorization headers a server echoes, key-shaped tokens, and
 * credentials in URLs.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= 8) redacted = redacted.split(secret).join("[redacted]");
  return maskUrlCredentials(
    redacted
      .replace(
        /\b(authorization|api[-_]?key|x-api-key)(["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi,
        (_match, name: string, separator: string, bearer: string | undefined) => `${name}${separator}${bearer ?? ""}[redacted]`,
      )
      .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g, "Bearer [redacted]")
      .replace(/\b(sk|pk|rk|sess)-[A-Za-z0-9_-]{8,}/g, "[redacted key]"),
  );
}

/** https://user:secret@host/v1 → https://[redacted]@host/v1: for every page and log, admins included. */
export function maskUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1[redacted]@");
}
