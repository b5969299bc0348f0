import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getExampleForLabeling } from "@/db/queries/labeling";
import { parseId } from "@/lib/http";

export const GET = apiRoute("labeler", async (_request: Request, { params }: { params: Promise<{ exampleId: string }> }, user) => {
  const db = getDb();
  const exampleId = parseId((await params).exampleId, "example");
  return Response.json(getExampleForLabeling(db, { exampleId, labelerId: user.labelerId }));
});
