import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { getPromptVersion, setCurrentPrompt } from "@/db/queries/prompts";
import { parseId } from "@/lib/http";

/** Makes this version its dataset's current one. */
export const POST = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ promptId: string }> }) => {
  const promptId = parseId((await params).promptId, "prompt version");
  const db = getDb();
  const prompt = getPromptVersion(db, promptId);
  return Response.json({ prompt: setCurrentPrompt(db, prompt.datasetId, promptId) });
});
