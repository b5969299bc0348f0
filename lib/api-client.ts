import type { InputIssue } from "./errors";

/** An error answer from Attune's API, as the browser sees it. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: InputIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { ...(init?.body && !(init.body instanceof FormData) ? { "content-type": "application/json" } : {}), ...init?.headers } });
  } catch {
    throw new ApiError("Cannot reach the Attune server. Check your connection.", 0, "network");
  }
  const body = (await response.json().catch(() => null)) as { error?: { message: string; code: string; issues?: InputIssue[] } } | null;
  if (!response.ok) {
    throw new ApiError(body?.error?.message ?? `The server answered ${response.status}.`, response.status, body?.error?.code ?? "unknown", body?.error?.issues ?? []);
  }
  return body as T;
}

/** What a server value looks like after JSON: dates become strings. */
export type Jsonify<T> = T extends Date ? string : T extends (infer U)[] ? Jsonify<U>[] : T extends object ? { [K in keyof T]: Jsonify<T[K]> } : T;
