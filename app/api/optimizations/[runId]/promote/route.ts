import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { setCurrentPrompt } from "@/db/queries/prompts";
import { AppError } from "@/lib/errors";
import { parseId } from "@/lib/http";

/** Makes the run's best candidate the dataset's current prompt version. */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ runId: string }> }) => {
  const runId = parseId((await params).runId, "optimizer run");
  const db = getDb();
  const run = getOptimizerRun(db, runId);
  if (run.status !== "done" || run.bestPromptId === null) throw new AppError("conflict", `Optimizer run #${runId} is ${run.status}; promote a finished run.`);
  return Response.json({ prompt: setCurrentPrompt(db, run.datasetId, run.bestPromptId) });
});
