import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { listDisagreements } from "@/db/queries/disagreements";
import { getEvalRun } from "@/db/queries/evaluations";
import { examplesLabeledBy } from "@/db/queries/labeling";
import { blindRows } from "@/lib/datasets/blind";
import { parseId, parseInput } from "@/lib/http";
import { disagreementQuerySchema } from "@/lib/judge/schemas";

export const GET = apiRoute("labeler", async (request: Request, { params }: { params: Promise<{ runId: string }> }, user) => {
  const runId = parseId((await params).runId, "evaluation run");
  const query = parseInput(disagreementQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "filter");
  const db = getDb();
  getEvalRun(db, runId);
  const list = listDisagreements(db, { runId, ...query });
  if (user.role === "admin") return Response.json(list);
  return Response.json({
    ...list,
    rows: blindRows(
      list.rows,
      examplesLabeledBy(
        db,
        user.labelerId,
        list.rows.map((row) => row.exampleId),
      ),
    ),
  });
});
