import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { deleteConfiguredModel } from "@/db/queries/configured-models";

/** Removes a model added on the settings page (not one of the server's environment). */
export const DELETE = apiRoute("admin", async (_request: Request, { params }: { params: Promise<{ label: string }> }) => {
  deleteConfiguredModel(getDb(), decodeURIComponent((await params).label));
  return new Response(null, { status: 204 });
});
