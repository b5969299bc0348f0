import { apiRoute } from "@/app/_server/auth";
import { getEnv } from "@/lib/env";
import { writeBodyToFile } from "@/lib/http";
import { newUploadId, uploadPath } from "@/lib/import/uploads";

/**
 * The first step of an import from the browser: the file's bytes as the body, streamed to disk
 * up to ATTUNE_MAX_UPLOAD_MB. The second step (POST /api/imports) says what to do with it.
 */
export const POST = apiRoute("admin", async (request: Request, _context: unknown) => {
  const maxBytes = getEnv().ATTUNE_MAX_UPLOAD_MB * 1024 * 1024;
  const uploadId = newUploadId();
  const bytes = await writeBodyToFile(request, uploadPath(uploadId), maxBytes);
  return Response.json({ uploadId, bytes }, { status: 201 });
});
