import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { parseId } from "@/lib/http";
import { comparisonView } from "@/lib/judge/model-comparisons";

/** A comparison's progress per model and its rows once measured. */
export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ comparisonId: string }> }) => {
  return Response.json(comparisonView(getDb(), getEnv(), parseId((await params).comparisonId, "comparison")));
});
