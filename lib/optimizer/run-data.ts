import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { goldScores } from "@/db/queries/evaluations";
import { reviewedFeedback, type ReviewedFeedback } from "@/db/queries/feedback";
import { examples, labelers, labels, type OptimizerRun } from "@/db/schema";
import { exampleTextsOf, type LeakageContext } from "./guardrails/leakage";

export interface RunExample {
  id: number;
  inputs: Record<string, string>;
  gold: number;
  rationales: { labeler: string; rationale: string }[];
}

export interface RunData {
  examples: Map<number, RunExample>;
  feedback: ReviewedFeedback;
  /** What the leakage guardrail compares against: train and val fields and rationales, never test, and whose they are. */
  visible: Pick<LeakageContext, "exampleTexts" | "textExamples">;
}

/** Loads the run's frozen examples with their gold scores, rationales and reviewed feedback. */
export function loadRunData(db: Db, run: OptimizerRun): RunData {
  const ids = [...run.trainIds, ...run.valIds, ...run.testIds];
  const byId = new Map<number, RunExample>();
  const gold = goldScores(db);
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500);
    for (const row of db
      .select({ id: examples.id, inputs: examples.inputs, gold: gold.gold })
      .from(examples)
      .innerJoin(gold, eq(gold.exampleId, examples.id))
      .where(inArray(examples.id, chunk))
      .all()) {
      byId.set(row.id, { id: row.id, inputs: row.inputs, gold: row.gold, rationales: [] });
    }
    for (const label of db
      .select({ exampleId: labels.exampleId, labeler: labelers.name, rationale: labels.rationale })
      .from(labels)
      .innerJoin(labelers, eq(labelers.id, labels.labelerId))
      .where(inArray(labels.exampleId, chunk))
      .all()) {
      if (label.rationale) byId.get(label.exampleId)?.rationales.push({ labeler: label.labeler, rationale: label.rationale });
    }
  }
  const shown = new Set([...run.trainIds, ...run.valIds]);
  const visible = exampleTextsOf([...byId.values()].filter((example) => shown.has(example.id)));
  return { examples: byId, feedback: reviewedFeedback(db, run.datasetId, new Set(run.trainIds)), visible };
}
