import fs from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { z } from "zod";
import { AppError, isAppError } from "./errors";

/** Zod problems → one invalid_input error listing each field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = "request"): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || undefined, message: issue.message }));
  throw new AppError("invalid_input", `The ${what} is not valid: ${issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message)).join("; ")}`, issues);
}

/** JSON bodies of the API are forms and small lists; anything larger is refused before it is parsed. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The body as text, read no further than `maxBytes`: a larger body is refused, not buffered. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  return Buffer.from(await readBodyBytes(request, maxBytes)).toString("utf8");
}

/** The body's bytes, read no further than `maxBytes`. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new AppError("too_large", `The request body is ${declared} bytes; the limit is ${maxBytes}.`);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AppError("too_large", `The request body is over the limit of ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Streams the body to `file`, never further than `maxBytes`: memory holds one piece at a time.
 * A body over the limit, or one that breaks off, leaves no file behind.
 */
export async function writeBodyToFile(request: Request, file: string, maxBytes: number): Promise<number> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new AppError("too_large", `The file is ${declared} bytes; the limit is ${maxBytes}.`);
  if (!request.body) throw new AppError("invalid_input", "The upload has no body.", [{ field: "file", message: "missing" }]);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? new AppError("too_large", `The file is over the limit of ${maxBytes} bytes.`) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>), limit, fs.createWriteStream(file, { flags: "wx" }));
    return size;
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
}

export async function readJsonBody(request: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text);
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

/** Route params arrive as strings; ids are plain positive decimal numbers ("0x1" and "1e2" are not). */
export function parseId(value: string, what: string): number {
  const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id)) throw new AppError("not_found", `There is no ${what} "${value}".`);
  return id;
}
