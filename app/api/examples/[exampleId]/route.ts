import { requireLabeler } from "@/app/_server/current-labeler";
import { getDb } from "@/db/client";
import { getExampleForLabeling } from "@/db/queries/labeling";
import { parseId, route } from "@/lib/http";

export const GET = route(async (_request: Request, { params }: { params: Promise<{ exampleId: string }> }) => {
  const db = getDb();
  const exampleId = parseId((await params).exampleId, "example");
  const labeler = await requireLabeler(db);
  return Response.json(getExampleForLabeling(db, { exampleId, labelerId: labeler.id }));
});
