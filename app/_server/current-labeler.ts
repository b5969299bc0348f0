import { cookies } from "next/headers";
import type { Db } from "@/db/client";
import { findLabeler } from "@/db/queries/labelers";
import type { Labeler } from "@/db/schema";
import { AppError } from "@/lib/errors";

export const LABELER_COOKIE = "attune_labeler";

export async function currentLabeler(db: Db): Promise<Labeler | null> {
  const raw = (await cookies()).get(LABELER_COOKIE)?.value;
  const id = Number(raw);
  if (!raw || !Number.isSafeInteger(id)) return null;
  const labeler = findLabeler(db, id);
  return labeler && !labeler.isAggregate ? labeler : null;
}

export async function requireLabeler(db: Db): Promise<Labeler> {
  const labeler = await currentLabeler(db);
  if (!labeler) throw new AppError("unauthorized", "Pick your labeler name first.");
  return labeler;
}
