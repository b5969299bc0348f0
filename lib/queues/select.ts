import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { adjudicationQueue } from "@/db/queries/adjudications";
import { listDisagreements } from "@/db/queries/disagreements";
import { examples, evalRuns, judgments, labelers, labels, type QueueRule } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { seededRandom } from "@/lib/random";
import { getDataset } from "@/db/queries/datasets";
import { judgeModelOf } from "@/lib/judge/judge-model";

/** The evaluation a rule reads: the one named, or the latest finished one by the dataset's judge model. */
function runFor(db: Db, datasetId: number, runId: number | undefined): number {
  const judgeModel = runId ? undefined : judgeModelOf(db, getDataset(db, datasetId));
  const run = db
    .select({ id: evalRuns.id })
    .from(evalRuns)
    .where(and(eq(evalRuns.datasetId, datasetId), eq(evalRuns.status, "done"), runId ? eq(evalRuns.id, runId) : eq(evalRuns.model, judgeModel!)))
    .orderBy(desc(evalRuns.id))
    .limit(1)
    .get();
  if (!run) throw new AppError("invalid_input", runId ? `Evaluation #${runId} is not a finished evaluation of this dataset.` : "This rule reads an evaluation: run one on the Judge tab first.");
  return run.id;
}

function humanLabelCounts(db: Db, datasetId: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const row of db
    .select({ exampleId: labels.exampleId })
    .from(labels)
    .innerJoin(labelers, eq(labelers.id, labels.labelerId))
    .innerJoin(examples, eq(examples.id, labels.exampleId))
    .where(and(eq(examples.datasetId, datasetId), eq(labelers.isAggregate, false)))
    .all())
    counts.set(row.exampleId, (counts.get(row.exampleId) ?? 0) + 1);
  return counts;
}

function datasetExamples(db: Db, datasetId: number, split?: string) {
  return db
    .select({ id: examples.id, split: examples.split })
    .from(examples)
    .where(and(eq(examples.datasetId, datasetId), split ? eq(examples.split, split as "train") : undefined))
    .orderBy(examples.position)
    .all();
}

function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Round-robin over the judge's score levels, so every level gets labeled, not only the common ones. */
function stratified(db: Db, runId: number, ids: number[]): number[] {
  const levelOf = new Map(
    db
      .select({ exampleId: judgments.exampleId, score: judgments.score })
      .from(judgments)
      .where(eq(judgments.runId, runId))
      .all()
      .map((row) => [row.exampleId, row.score ?? 0]),
  );
  const levels = new Map<number, number[]>();
  for (const id of ids) {
    const level = levelOf.get(id) ?? 0;
    levels.set(level, [...(levels.get(level) ?? []), id]);
  }
  // Judged levels 1–5 in turn; examples the judge has not scored (or could not) ride last.
  const lanes = [...levels.entries()].sort((a, b) => (a[0] || 9) - (b[0] || 9)).map(([, lane]) => lane);
  const out: number[] = [];
  for (let index = 0; out.length < ids.length; index++) for (const lane of lanes) if (index < lane.length) out.push(lane[index]!);
  return out;
}

/**
 * The examples a queue rule chooses, in serving order:
 * - judge_disagreement: the evaluation's judgments that differ from the humans, largest squared error first;
 * - human_disagreement: examples whose people differ by 2 points or more, widest first;
 * - few_labels: examples with fewer than k human labels, optionally round-robin over the judge's score levels;
 * - split: every example of a split; sample: a seeded random sample of the given size.
 * `size` caps every rule; `split` narrows every rule.
 */
export function selectQueueExamples(db: Db, datasetId: number, rule: QueueRule, labelsPerExample: number): number[] {
  const inSplit = rule.split ? new Set(datasetExamples(db, datasetId, rule.split).map((row) => row.id)) : null;
  const keep = (ids: number[]) => (inSplit ? ids.filter((id) => inSplit.has(id)) : ids);
  let ids: number[];
  switch (rule.kind) {
    case "judge_disagreement":
      ids = listDisagreements(db, { runId: runFor(db, datasetId, rule.runId), limit: 1_000_000 }).rows.map((row) => row.exampleId);
      break;
    case "human_disagreement":
      ids = adjudicationQueue(db, datasetId, Number.POSITIVE_INFINITY)
        .sort((a, b) => b.spread - a.spread)
        .map((item) => item.exampleId);
      break;
    case "few_labels": {
      const counts = humanLabelCounts(db, datasetId);
      ids = datasetExamples(db, datasetId)
        .filter((row) => (counts.get(row.id) ?? 0) < labelsPerExample)
        .map((row) => row.id);
      if (rule.stratify) ids = stratified(db, runFor(db, datasetId, rule.runId), keep(ids));
      break;
    }
    case "split":
      if (!rule.split) throw new AppError("invalid_input", "Choose the split the queue holds.", [{ field: "split", message: "required for this rule" }]);
      ids = datasetExamples(db, datasetId, rule.split).map((row) => row.id);
      break;
    case "sample":
      if (!rule.size) throw new AppError("invalid_input", "Say how many examples the sample holds.", [{ field: "size", message: "required for this rule" }]);
      ids = shuffled(
        datasetExamples(db, datasetId, rule.split).map((row) => row.id),
        rule.seed ?? 1,
      );
      break;
  }
  ids = keep(ids);
  return rule.size ? ids.slice(0, rule.size) : ids;
}
