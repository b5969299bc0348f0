import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { setPassword } from "@/db/queries/auth";
import { parseId, parseInput, readJsonBody } from "@/lib/http";
import { passwordSchema } from "@/lib/auth/schemas";

/** An admin sets a user's password; the user's sessions end. */
export const POST = apiRoute("admin", async (request: Request, { params }: { params: Promise<{ userId: string }> }) => {
  const userId = parseId((await params).userId, "user");
  const { password } = parseInput(passwordSchema, await readJsonBody(request), "password");
  await setPassword(getDb(), userId, password);
  return Response.json({ changed: true });
});
