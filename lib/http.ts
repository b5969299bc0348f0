import type { z } from "zod";
import { AppError, isAppError } from "./errors";

/** Zod problems → one invalid_input error listing each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = "request"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || undefined, message: issue.message }));
  throw new AppError("invalid_input", `The ${what} is not valid: ${issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message)).join("; ")}`, issues);
}

export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}

export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    return Response.json({ error: { code: error.code, message: error.message, issues: error.issues } }, { status: error.status });
  }
  console.error(error);
  return Response.json({ error: { code: "internal", message: "Something went wrong on the server; the details are in its log." } }, { status: 500 });
}

/** Wraps a route handler so every failure becomes a JSON error with the right status, never a stack trace. */
export function route<Args extends unknown[]>(handler: (...args: Args) => Promise<Response> | Response) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Route params arrive as strings; ids must be positive integers. */
export function parseId(value: string, what: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError("not_found", `There is no ${what} "${value}".`);
  return id;
}
