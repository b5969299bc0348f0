import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getDataset } from "@/db/queries/datasets";
import { listQueues, queuesFor } from "@/db/queries/queues";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { createQueueFromRule } from "@/lib/queues/create";
import { queueInputSchema } from "@/lib/queues/schemas";

type Context = { params: Promise<{ datasetId: string }> };

/** An admin sees every queue with its progress; a labeler the open queues meant for them. */
export const GET = apiRoute("labeler", async (_request: Request, { params }: Context, user) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const db = getDb();
  getDataset(db, datasetId);
  return Response.json({ queues: user.role === "admin" ? listQueues(db, datasetId) : queuesFor(db, datasetId, user.labelerId) });
});

export const POST = apiRoute("admin", async (request: Request, { params }: Context) => {
  const datasetId = parseId((await params).datasetId, "dataset");
  const input = parseInput(queueInputSchema, await readJsonBody(request), "queue");
  const db = getDb();
  getDataset(db, datasetId);
  return Response.json({ queue: createQueueFromRule(db, datasetId, input) }, { status: 201 });
});
