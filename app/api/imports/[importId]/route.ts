import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getImportRun } from "@/db/queries/import-runs";
import { parseId } from "@/lib/http";
import { jobHealth } from "@/lib/jobs/health";

export const GET = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ importId: string }> }) => {
  const id = parseId((await params).importId, "import");
  const db = getDb();
  const { uploadPath: _path, ...run } = getImportRun(db, id);
  return Response.json({ run, job: jobHealth(db, "import", id) });
});
