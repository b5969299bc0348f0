import fs from "node:fs";
import { z } from "zod";
import { apiRoute } from "@/app/_server/auth";
import { kickJobs } from "@/app/_server/jobs";
import { getDb } from "@/db/client";
import { createImportRun } from "@/db/queries/import-runs";
import { AppError } from "@/lib/errors";
import { parseInput, readJsonBody } from "@/lib/http";
import { importMappingSchema } from "@/lib/import";
import { uploadPath } from "@/lib/import/uploads";

const targetSchema = z.union([
  z.object({ datasetId: z.number().int().positive() }),
  z.object({ datasetName: z.string().trim().min(1, "give the new dataset a name").max(120), task: z.string().trim().max(4000).default(""), mustBeNew: z.literal(true).default(true) }),
]);

const importSchema = z.object({
  uploadId: z.string(),
  fileName: z.string().trim().min(1).max(255),
  mapping: importMappingSchema,
  target: targetSchema,
});

/** Starts the import of an uploaded file in the background; the page follows it at /api/imports/ID. */
export const POST = apiRoute("admin", async (request: Request, _context: unknown, user) => {
  const input = parseInput(importSchema, await readJsonBody(request), "import");
  const file = uploadPath(input.uploadId);
  if (!fs.existsSync(file)) throw new AppError("not_found", "That upload is gone (it was imported already, or is more than a day old); upload the file again.");
  const run = createImportRun(getDb(), { fileName: input.fileName, uploadPath: file, fileBytes: fs.statSync(file).size, mapping: input.mapping, target: input.target, createdBy: user.id });
  kickJobs();
  return Response.json({ run }, { status: 202 });
});
