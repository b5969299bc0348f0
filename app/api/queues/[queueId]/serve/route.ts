import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { releaseQueueItems, RESERVATION_MS, serveQueueItems } from "@/db/queries/queues";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { serveSchema } from "@/lib/queues/schemas";

type Context = { params: Promise<{ queueId: string }> };

/** The next items of the queue for the signed-in labeler, held for them for a few minutes. */
export const POST = apiRoute("labeler", async (request: Request, { params }: Context, user) => {
  const queueId = parseId((await params).queueId, "queue");
  const { count } = parseInput(serveSchema, await readJsonBody(request), "serve request");
  return Response.json({ items: serveQueueItems(getDb(), { queueId, labelerId: user.labelerId, count }), holdMs: RESERVATION_MS });
});

/** The labeler leaves the queue: their holds go back at once. */
export const DELETE = apiRoute("labeler", async (_request: Request, { params }: Context, user) => {
  releaseQueueItems(getDb(), parseId((await params).queueId, "queue"), user.labelerId);
  return new Response(null, { status: 204 });
});
