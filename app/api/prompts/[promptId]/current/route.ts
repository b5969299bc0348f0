import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { parseId } from "@/lib/http";
import { makeVersionCurrent } from "@/lib/optimizer/promote";

/** Makes this version its dataset's current one (and, for a version adapted for another model, that model the judge). */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ promptId: string }> }) => {
  const promptId = parseId((await params).promptId, "prompt version");
  return Response.json(makeVersionCurrent(getDb(), getEnv(), promptId));
});
