import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { setQueueStatus } from "@/db/queries/queues";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { queueStatusSchema } from "@/lib/queues/schemas";

/** Pause, reopen or close a queue. */
export const PATCH = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ queueId: string }> }) => {
  const queueId = parseId((await params).queueId, "queue");
  const { status } = parseInput(queueStatusSchema, await readJsonBody(request), "queue change");
  return Response.json({ queue: setQueueStatus(getDb(), queueId, status) });
});
