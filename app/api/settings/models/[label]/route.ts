import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { modelLabelParam } from "@/lib/llm/model-list";
import { deleteConfiguredModel } from "@/db/queries/configured-models";

/** Removes a model added on the settings page (not one of the server's environment). */
export const DELETE = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ label: string }> }) => {
  deleteConfiguredModel(getDb(), modelLabelParam((await params).label));
  return new Response(null, { status: 204 });
});
