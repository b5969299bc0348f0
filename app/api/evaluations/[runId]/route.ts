import { getDb } from "@/db/client";
import { parseId, route } from "@/lib/http";
import { evaluationDetail } from "@/lib/judge/judge-overview";

export const GET = route(async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "evaluation run");
  return Response.json(evaluationDetail(getDb(), runId));
});
