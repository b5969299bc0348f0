import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { goldScores } from "@/db/queries/evaluations";
import { examples, evalRuns, judgments, type EvalRun, type EvalSplit } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { MAX_SQUARED_ERROR, signTest } from "@/lib/metrics";

export type Change = "fixed" | "broken" | "unchanged";

export interface ComparedExample {
  exampleId: number;
  externalId: string;
  gold: number;
  /** null: malformed or failed, counted as the largest error. */
  a: number | null;
  b: number | null;
  errorA: number;
  errorB: number;
  change: Change;
}

export interface VersionComparison {
  split: EvalSplit;
  runA: { id: number; promptId: number; nmse: number };
  runB: { id: number; promptId: number; nmse: number };
  /** Examples both evaluations judged and that still have a gold score. */
  examples: ComparedExample[];
  counts: Record<Change, number>;
  /** Exact two-sided sign test on the squared errors of the examples that changed. */
  pValue: number;
}

/** The latest finished evaluation of a prompt version on a split, by `model` when given (versions are compared under one judge). */
function latestRun(db: Db, datasetId: number, promptId: number, split: EvalSplit, model: string): EvalRun {
  const run = db
    .select()
    .from(evalRuns)
    .where(and(eq(evalRuns.datasetId, datasetId), eq(evalRuns.promptId, promptId), eq(evalRuns.split, split), eq(evalRuns.status, "done"), eq(evalRuns.model, model)))
    .orderBy(desc(evalRuns.id))
    .limit(1)
    .get();
  if (!run) throw new AppError("not_found", `Prompt v${promptId} has no finished evaluation by ${model} on the ${split} split; evaluate it there first.`);
  return run;
}

function scores(db: Db, runId: number) {
  const gold = goldScores(db);
  return db
    .select({ exampleId: judgments.exampleId, externalId: examples.externalId, position: examples.position, score: judgments.score, status: judgments.status, gold: gold.gold })
    .from(judgments)
    .innerJoin(examples, eq(examples.id, judgments.exampleId))
    .innerJoin(gold, eq(gold.exampleId, judgments.exampleId))
    .where(eq(judgments.runId, runId))
    .all();
}

const squared = (score: number | null, gold: number) => (score === null ? MAX_SQUARED_ERROR : (score - gold) ** 2);
const nmseOf = (errors: number[]) => (errors.length ? (100 * errors.reduce((a, b) => a + b, 0)) / errors.length / MAX_SQUARED_ERROR : 0);

/**
 * Two prompt versions on the same split, example by example: what B fixed (smaller squared error
 * than A), what it broke (larger) and what it left alone, with a sign test on the changes. Both
 * NMSEs are measured on the examples both evaluations judged, so they compare like with like.
 */
export function compareVersions(db: Db, input: { datasetId: number; promptA: number; promptB: number; split: EvalSplit; model: string }): VersionComparison {
  if (input.promptA === input.promptB) throw new AppError("invalid_input", "Choose two different prompt versions.");
  const runA = latestRun(db, input.datasetId, input.promptA, input.split, input.model);
  const runB = latestRun(db, input.datasetId, input.promptB, input.split, input.model);
  const fromB = new Map(scores(db, runB.id).map((row) => [row.exampleId, row]));
  const compared = scores(db, runA.id)
    .filter((row) => fromB.has(row.exampleId))
    .sort((x, y) => x.position - y.position)
    .map((row): ComparedExample => {
      const other = fromB.get(row.exampleId)!;
      const a = row.status === "ok" ? row.score : null;
      const b = other.status === "ok" ? other.score : null;
      const errorA = squared(a, row.gold);
      const errorB = squared(b, row.gold);
      const change: Change = Math.abs(errorA - errorB) < 1e-9 ? "unchanged" : errorB < errorA ? "fixed" : "broken";
      return { exampleId: row.exampleId, externalId: row.externalId, gold: row.gold, a, b, errorA, errorB, change };
    });
  if (compared.length === 0) throw new AppError("invalid_input", `Evaluations #${runA.id} and #${runB.id} judged no example in common that still has a label: nothing to compare.`);
  const counts = { fixed: 0, broken: 0, unchanged: 0 };
  for (const example of compared) counts[example.change]++;
  return {
    split: input.split,
    runA: { id: runA.id, promptId: input.promptA, nmse: nmseOf(compared.map((example) => example.errorA)) },
    runB: { id: runB.id, promptId: input.promptB, nmse: nmseOf(compared.map((example) => example.errorB)) },
    examples: compared,
    counts,
    pValue: signTest(counts.fixed, counts.broken),
  };
}
