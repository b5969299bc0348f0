import fs from "node:fs";
import type { Db } from "@/db/client";
import { finishImportRun, getImportRun, recordImportProgress, startImportAttempt } from "@/db/queries/import-runs";
import { claimJob, LeaseLost, transferJob } from "@/db/queries/jobs";
import type { ImportRun } from "@/db/schema";
import { isAppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";
import { isDeadOwner } from "@/lib/jobs/owner";
import { claimForThisProcess } from "@/lib/jobs/run-job";
import { fileSource } from "./file-source";
import { importFile, importMappingSchema, type ImportTarget } from "./index";

/** An import that has stopped its process this many times (out of memory, killed) fails instead of trying again. */
export const MAX_IMPORT_ATTEMPTS = 3;

/**
 * Runs an uploaded file's import in this process (started for it by a job loop, whose claim it
 * takes over): progress and the job's lease are written about once a second, the result or the
 * problems at the end, and the upload is deleted once the import has ended either way.
 */
export function runImportRun(db: Db, id: number, from?: string): ImportRun {
  const claim = claimForThisProcess();
  const taken = from ? transferJob(db, "import", id, from, claim) : claimJob(db, "import", id, claim, isDeadOwner).claimed;
  if (!taken) return getImportRun(db, id);
  const run = startImportAttempt(db, id, claim.owner);
  const end = (result: Parameters<typeof finishImportRun>[2]) => {
    const finished = finishImportRun(db, id, result, claim.owner);
    fs.rmSync(run.uploadPath, { force: true });
    return finished;
  };
  if (run.attempts > MAX_IMPORT_ATTEMPTS)
    return end({ status: "failed", error: `The import stopped its process ${MAX_IMPORT_ATTEMPTS} times before it could finish (out of memory, or killed); nothing of it was kept.` });
  if (!fs.existsSync(run.uploadPath)) return end({ status: "failed", error: `The uploaded file of import #${id} is gone from ${run.uploadPath}; upload it again.` });

  let said = 0;
  try {
    const summary = importFile(db, {
      source: fileSource(run.uploadPath, run.fileName),
      mapping: parseInput(importMappingSchema, run.mapping, "field mapping"),
      target: run.target as ImportTarget,
      onProgress: ({ phase, done, total }) => {
        if (Date.now() - said < 1000 && !(phase === "writing" && done === total)) return;
        said = Date.now();
        recordImportProgress(db, id, { phase, done, total }, claim);
      },
    });
    return end({ status: "done", summary: { ...summary } });
  } catch (error) {
    // Another process has the job now: it starts over, and the upload is its to delete.
    if (error instanceof LeaseLost) throw error;
    if (isAppError(error)) return end({ status: "failed", error: error.message, issues: error.issues });
    return end({ status: "failed", error: error instanceof Error ? error.message : String(error) });
  }
}
