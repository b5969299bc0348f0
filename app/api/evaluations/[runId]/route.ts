import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { parseId } from "@/lib/http";
import { evaluationDetail } from "@/lib/judge/judge-overview";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "evaluation run");
  return Response.json(evaluationDetail(getDb(), runId));
});
