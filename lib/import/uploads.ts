import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** Uploaded files wait here, next to the database, until their import ends. */
export function uploadsDir(): string {
  const db = getEnv().ATTUNE_DB;
  const dir = db === ":memory:" ? path.join(process.env.TMPDIR ?? "/tmp", "attune-uploads") : path.join(path.dirname(path.resolve(db)), "uploads");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;

export function newUploadId(): string {
  return randomBytes(16).toString("hex");
}

/** The file of an upload id, refusing anything that is not one (no path can be smuggled in). */
export function uploadPath(uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) throw new AppError("invalid_input", "That is not an upload id.", [{ field: "uploadId", message: "32 hexadecimal characters" }]);
  return path.join(uploadsDir(), `${uploadId}.upload`);
}

/** Uploads nobody turned into an import within a day are deleted. */
export function removeStaleUploads(maxAgeMs = 24 * 60 * 60 * 1000): number {
  const dir = uploadsDir();
  let removed = 0;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith(".upload") && Date.now() - fs.statSync(file).mtimeMs > maxAgeMs) {
      fs.rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}
