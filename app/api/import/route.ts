import { apiRoute } from "@/app/_server/auth";
import { z } from "zod";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { parseInput, readBodyBytes } from "@/lib/http";
import { importBytes, importMappingSchema } from "@/lib/import";

/** Imports are parsed in memory, a few times the file's size: bigger files go through `npx attune import`. */
const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

const targetSchema = z.union([
  z.object({ datasetId: z.number().int().positive() }),
  z.object({ datasetName: z.string().trim().min(1, "give the new dataset a name").max(120), task: z.string().trim().max(4000).default(""), mustBeNew: z.literal(true).default(true) }),
]);

function jsonField(form: FormData, name: string): unknown {
  const value = form.get(name);
  if (typeof value !== "string") throw new AppError("invalid_input", `The upload is missing its "${name}" part.`, [{ field: name, message: "missing" }]);
  try {
    return JSON.parse(value);
  } catch {
    throw new AppError("invalid_input", `The "${name}" part is not JSON.`, [{ field: name, message: "not JSON" }]);
  }
}

export const POST = apiRoute("admin", async (request: Request, _context: unknown) => {
  // Read no further than the cap (plus the form's other parts): the multipart parser would buffer any size.
  let body: Uint8Array;
  try {
    body = await readBodyBytes(request, MAX_UPLOAD_BYTES + 256 * 1024);
  } catch (error) {
    if (error instanceof AppError && error.code === "too_large")
      throw new AppError("too_large", `The upload is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it with \`npx attune import\`.`);
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new AppError("bad_request", "Send the file as multipart/form-data with parts file, mapping and target.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("invalid_input", "Choose a file to import.", [{ field: "file", message: "missing" }]);
  if (file.size > MAX_UPLOAD_BYTES) throw new AppError("invalid_input", `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it with \`npx attune import\`.`);
  const mapping = parseInput(importMappingSchema, jsonField(form, "mapping"), "field mapping");
  const target = parseInput(targetSchema, jsonField(form, "target"), "import target");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const summary = importBytes(getDb(), { bytes, fileName: file.name, mapping, target });
  return Response.json(summary, { status: summary.changed ? 201 : 200 });
});
