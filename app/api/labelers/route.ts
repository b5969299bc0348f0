import { cookies } from "next/headers";
import { currentLabeler, LABELER_COOKIE } from "@/app/_server/current-labeler";
import { getDb } from "@/db/client";
import { findOrCreateLabeler, listHumanLabelers } from "@/db/queries/labelers";
import { labelerNameSchema } from "@/lib/datasets/schemas";
import { parseInput, readJsonBody, route } from "@/lib/http";

export const GET = route(async () => {
  const db = getDb();
  const current = await currentLabeler(db);
  return Response.json({ current: current?.name ?? null, labelers: listHumanLabelers(db).map((labeler) => labeler.name) });
});

/** Picks (creating on first use) the labeler this browser labels as. */
export const POST = route(async (request: Request) => {
  const { name } = parseInput(labelerNameSchema, await readJsonBody(request), "labeler");
  const labeler = findOrCreateLabeler(getDb(), name);
  (await cookies()).set(LABELER_COOKIE, String(labeler.id), { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 * 60 * 24 * 365 });
  return Response.json({ current: labeler.name });
});

export const DELETE = route(async () => {
  (await cookies()).delete(LABELER_COOKIE);
  return Response.json({ current: null });
});
