import { apiRoute } from "@/app/_server/auth";
import { getModelRuntime } from "@/app/_server/runtime";
import { getDb } from "@/db/client";
import { parseId } from "@/lib/http";
import { judgeOverview } from "@/lib/judge/judge-overview";
import { describeProvider } from "@/lib/llm/config";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const runtime = await getModelRuntime();
  return Response.json({ ...judgeOverview(getDb(), datasetId, runtime.provider.judgeModel), provider: describeProvider(runtime.provider) });
});
