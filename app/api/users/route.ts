import { apiRoute } from "@/app/_server/auth";
import { getDb } from "@/db/client";
import { createUser, listUsers } from "@/db/queries/auth";
import { newUserSchema } from "@/lib/auth/schemas";
import { parseInput, readJsonBody } from "@/lib/http";

export const GET = apiRoute("admin", () => Response.json({ users: listUsers(getDb()) }));

/** An admin adds a labeler or another admin. */
export const POST = apiRoute("admin", async (request: Request) => {
  const input = parseInput(newUserSchema, await readJsonBody(request), "user");
  return Response.json({ user: await createUser(getDb(), input) }, { status: 201 });
});
