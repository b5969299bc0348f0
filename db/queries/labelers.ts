import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { labelers, type Labeler } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** People who can label: imported aggregates (published means) are not among them. */
export function listHumanLabelers(db: Db): Labeler[] {
  return db.select().from(labelers).where(eq(labelers.isAggregate, false)).orderBy(asc(labelers.name)).all();
}

export function findLabeler(db: Db, labelerId: number): Labeler | undefined {
  return db.select().from(labelers).where(eq(labelers.id, labelerId)).get();
}

/** The labeler of that name, created on first use. */
export function findOrCreateLabeler(db: Db, name: string): Labeler {
  const existing = db.select().from(labelers).where(eq(labelers.name, name)).get();
  if (existing?.isAggregate) {
    throw new AppError("conflict", `"${name}" is an imported aggregate of scores, not a person; pick another name.`, [{ field: "name", message: "taken by an aggregate labeler" }]);
  }
  return existing ?? db.insert(labelers).values({ name }).returning().get();
}
