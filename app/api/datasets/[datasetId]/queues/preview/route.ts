import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { previewQueue } from "@/lib/queues/create";
import { queuePreviewSchema } from "@/lib/queues/schemas";

/** How many examples a rule would queue, before the queue is made. */
export const POST = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ datasetId: string }> }) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(queuePreviewSchema, await readJsonBody(request), "queue preview");
  const db = getDb();
  getDataset(db, datasetId);
  return Response.json({ examples: previewQueue(db, datasetId, input.rule, input.labelsPerExample) });
});
