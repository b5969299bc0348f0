import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { parseId } from "@/lib/http";
import { optimizerRunView } from "@/lib/optimizer/run-view";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "optimizer run");
  return Response.json(optimizerRunView(getDb(), runId));
});
