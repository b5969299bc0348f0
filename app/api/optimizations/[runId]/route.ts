import { getDb } from "@/db/client";
import { parseId, route } from "@/lib/http";
import { optimizerRunView } from "@/lib/optimizer/run-view";

export const GET = route(async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "optimizer run");
  return Response.json(optimizerRunView(getDb(), runId));
});
