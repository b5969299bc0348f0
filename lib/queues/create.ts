import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createQueue } from "@/db/queries/queues";
import { labelers, users, type QueueRule } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { QueueInput } from "./schemas";
import { selectQueueExamples } from "./select";

/** How many examples a rule would queue: the preview before creating it. */
export function previewQueue(db: Db, datasetId: number, rule: QueueRule, labelsPerExample: number): number {
  return selectQueueExamples(db, datasetId, rule, labelsPerExample).length;
}

/** Labeler ids of these user names; every name must be a person who signs in. */
function assigneeIds(db: Db, names: string[]): number[] | null {
  if (names.length === 0) return null;
  const found = db.select({ name: labelers.name, id: labelers.id }).from(users).innerJoin(labelers, eq(labelers.id, users.labelerId)).where(inArray(users.username, names)).all();
  const missing = names.filter((name) => !found.some((row) => row.name === name));
  if (missing.length > 0) throw new AppError("invalid_input", `No user named ${missing.map((name) => `"${name}"`).join(", ")}.`, [{ field: "assignees", message: "unknown user" }]);
  return found.map((row) => row.id);
}

/** Creates a queue from a rule, used by the page and `attune queue create` alike. */
export function createQueueFromRule(db: Db, datasetId: number, input: QueueInput) {
  const assignees = assigneeIds(db, input.assignees);
  const exampleIds = selectQueueExamples(db, datasetId, input.rule, input.labelsPerExample);
  return createQueue(db, { datasetId, name: input.name, rule: input.rule, labelsPerExample: input.labelsPerExample, assignees, exampleIds });
}
