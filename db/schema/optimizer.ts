import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { datasets, examples } from "./datasets";
import { evalRuns, promptVersions, runStatuses } from "./judge";
import { labelers } from "./labels";

export const bulletStatuses = ["proposed", "accepted", "rejected"] as const;
export type BulletStatus = (typeof bulletStatuses)[number];

/** One disagreement of an evaluation, as feedback a person reviews before the optimizer sees it. */
export const feedbackBullets = sqliteTable(
  "feedback_bullets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    runId: integer("run_id")
      .notNull()
      .references(() => evalRuns.id, { onDelete: "cascade" }),
    exampleId: integer("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    direction: text("direction", { enum: ["lenient", "harsh", "malformed"] }).notNull(),
    /** |judge − gold|, 4 for a malformed or failed judgment. */
    magnitude: real("magnitude").notNull(),
    generatedText: text("generated_text").notNull(),
    /** A reviewer's rewrite; replaces the generated text when set. */
    editedText: text("edited_text"),
    /** An optional one-line lesson a reviewer distilled from the bullet. */
    rule: text("rule"),
    status: text("status", { enum: bulletStatuses }).notNull().default("proposed"),
    reviewerId: integer("reviewer_id").references(() => labelers.id),
    reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex("feedback_run_example").on(table.runId, table.exampleId), index("feedback_dataset").on(table.datasetId, table.status)],
);
export type FeedbackBullet = typeof feedbackBullets.$inferSelect;

export interface GuardrailCounts {
  scale: number;
  outputContract: number;
  leakage: number;
  length: number;
}

export interface OptimizerConfig {
  budget: number;
  seed: number;
  minibatchSize: number;
  /** Stop after this many iterations without an accepted child; null: never. */
  patience: number | null;
  maxLength: number;
  judgeModel: string;
  /** The configured model that judges (its label); absent or null: the default provider. */
  judgeModelLabel?: string | null;
  reflectionModel: string;
  /** The configured model that reflects, when the dataset chose one; absent or null: the default provider. */
  reflectionModelLabel?: string | null;
  /** The run adapts the judge to another model than the dataset's ("Adapt", --judge-model): it is measured before and after, and promoting it makes that model the judge. */
  adapted?: boolean;
  /** An adaptation's reference: the model it is measured against at the end (label null: the default provider); null: none. */
  reference?: { label: string | null; model: string } | null;
  concurrency: number;
  /** Train examples shown to the reflection besides the minibatch, with the humans' scores and rationales (no judge call). Runs from before it existed read as 0. */
  evidenceSize?: number;
  /** Whether complementary candidates are merged. Runs from before it existed read as false. */
  merge?: boolean;
}

/** Once the reflection model refused a prompt as longer than its context window: what fits, kept with the run so a resumed run goes on with it. */
export interface ReflectionWindow {
  /** How many of an iteration's train examples a prompt shows beside the minibatch (when `promptChars` is absent). */
  evidence: number;
  /** The room left for the reflection's answer. */
  maxTokens: number;
  /** The prompt's characters that fit beside the answer, when the refusal gave figures: each prompt shows as many examples as fit in them. */
  promptChars?: number;
  /** How many train examples the last prompt showed beside the minibatch: the next iteration's evidence starts that many further on. */
  stride?: number;
}

/** One model with one instruction on the run's test split: what adapting a judge is judged by. */
export interface AdaptationMeasure {
  model: string;
  label: string | null;
  nmse: number;
  /** Answers that kept the JSON contract with a score 1–5, the first time or once asked again. */
  jsonValidRate: number;
  /** Answers that could not be read the first time, so the model was asked again; absent in runs from before. */
  reaskRate?: number;
  examples: number;
}

/** The adapted model before (the seed instruction) and after (the final one), next to the reference model with the seed instruction. */
export interface Adaptation {
  split: "test";
  before: AdaptationMeasure;
  after: AdaptationMeasure;
  reference: AdaptationMeasure | null;
  /** Why the reference model was not measured (taken out of the list, its key not set, its calls failed); absent when it was. */
  referenceProblem?: string | null;
}

/** Why a run stopped, as a code; the run's stopDetail says it in words. */
export const stopReasons = ["budget", "patience", "converged", "cancelled", "reflection_failed", "provider_failed", "no_proposals"] as const;
export type StopReason = (typeof stopReasons)[number];

/** How the final instruction was chosen: the finalists compared pairwise, and lines tried out. */
export interface FinalSelection {
  finalists: { index: number; valNmse: number; length: number; meanDiff: number; standardError: number; examples: number }[];
  chosen: number;
  rule: string;
  /** Lines tried without; `fromSeed` marks a line of the seed rather than one the search added. */
  ablations: { line: string; kept: boolean; sumDiff: number; examples: number; fromSeed?: boolean }[];
  /**
   * The winner without the removed lines, on all of val: it replaces the winner only when it does
   * no worse there, on the examples both were scored on (val chose the winner; train alone does not
   * overrule it). Absent when no line was removed, and in runs from before.
   */
  pruned?: { valNmse: number; sumDiff: number; examples: number; replaced: boolean };
  metricCalls: number;
}

/** A GEPA run: the job row the run page polls. Example roles are frozen at the start. */
export const optimizerRuns = sqliteTable(
  "optimizer_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    seedPromptId: integer("seed_prompt_id")
      .notNull()
      .references(() => promptVersions.id),
    status: text("status", { enum: runStatuses }).notNull().default("queued"),
    config: text("config", { mode: "json" }).$type<OptimizerConfig>().notNull(),
    trainIds: text("train_ids", { mode: "json" }).$type<number[]>().notNull(),
    valIds: text("val_ids", { mode: "json" }).$type<number[]>().notNull(),
    testIds: text("test_ids", { mode: "json" }).$type<number[]>().notNull(),
    metricCallsUsed: integer("metric_calls_used").notNull().default(0),
    reflectionCalls: integer("reflection_calls").notNull().default(0),
    /** Judge answers that could not be read and were asked for once more: part of their metric call, not counted again. */
    judgeReasks: integer("judge_reasks").notNull().default(0),
    iterations: integer("iterations").notNull().default(0),
    accepted: integer("accepted").notNull().default(0),
    rejectedByGuardrails: text("rejected_by_guardrails", { mode: "json" }).$type<GuardrailCounts>().notNull(),
    bestCandidate: integer("best_candidate"),
    valNmseBefore: real("val_nmse_before"),
    valNmseAfter: real("val_nmse_after"),
    testNmseBefore: real("test_nmse_before"),
    testNmseAfter: real("test_nmse_after"),
    bestPromptId: integer("best_prompt_id"),
    stopReason: text("stop_reason"),
    /** Why the run ended, in a sentence a person can act on. */
    stopDetail: text("stop_detail"),
    /** What the provider refused and how the client adapted, said once per run. */
    notices: text("notices", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    reflectionFailures: integer("reflection_failures").notNull().default(0),
    reflectionWindow: text("reflection_window", { mode: "json" }).$type<ReflectionWindow>(),
    finalSelection: text("final_selection", { mode: "json" }).$type<FinalSelection>(),
    adaptation: text("adaptation", { mode: "json" }).$type<Adaptation>(),
    error: text("error"),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    heartbeatAt: integer("heartbeat_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("optimizer_runs_dataset").on(table.datasetId)],
);
export type OptimizerRun = typeof optimizerRuns.$inferSelect;

export const candidateOrigins = ["seed", "reflection", "merge", "final"] as const;
export type CandidateOrigin = (typeof candidateOrigins)[number];

/** An instruction in a run's pool; index 0 is the seed. */
export const optimizerCandidates = sqliteTable(
  "optimizer_candidates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => optimizerRuns.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    instruction: text("instruction").notNull(),
    parentIndex: integer("parent_index"),
    /** The other parent of a merge. */
    mergeParentIndex: integer("merge_parent_index"),
    origin: text("origin", { enum: candidateOrigins }).notNull().default("reflection"),
    /** Per-example score 1 − e²/16 on val, in the run's val order; null where this candidate was not scored (screened only). */
    valScores: text("val_scores", { mode: "json" }).$type<(number | null)[]>().notNull(),
    /** NMSE over the val examples it was scored on. */
    valNmse: real("val_nmse").notNull(),
    iteration: integer("iteration").notNull(),
  },
  (table) => [uniqueIndex("optimizer_candidates_run_index").on(table.runId, table.index)],
);
export type OptimizerCandidate = typeof optimizerCandidates.$inferSelect;

export interface GuardrailAttempt {
  proposal: string;
  violations: { kind: keyof GuardrailCounts; reason: string }[];
}

/**
 * A reflection's proposal that was not judged because it would teach nothing: the parent unchanged,
 * an instruction the pool already has, or one that did no better than this parent on val before.
 */
export const repeatKinds = ["unchanged", "kept", "tried"] as const;
export interface RepeatedProposal {
  proposal: string;
  kind: (typeof repeatKinds)[number];
}

/**
 * A child on the screening part of val next to its parent (`positions`: where both answers could
 * be compared); `cut`: examples of the part the budget left out (absent once the next part is
 * added); `extended`: val examples added beyond the part after a tie, or after a minibatch winner
 * lost it within one standard error, and `parentJudged` those of them the parent was judged on too;
 * `reused`: examples whose scores the same instruction earned when it was tried before, not judged again.
 */
export interface ScreenRecord {
  positions: number[];
  child: number[];
  parent: number[];
  cut?: number;
  extended?: number;
  parentJudged?: number;
  reused?: number;
}

/**
 * accepted: won its minibatch and its screening, scored on val; rejected: not better on the
 * minibatch (or, having tied it, not strictly better on the screening part of val); screened_out:
 * won the minibatch but was worse than its parent on the screening part of val; no_budget: won,
 * but scoring it would pass the budget; reflection_failed: the reflection gave no usable
 * instruction; guardrail: the proposal asked for again broke a guardrail too (or broke one after a
 * first that would have taught nothing); no_change: nothing new to judge (see RepeatedProposal).
 */
export const iterationOutcomes = ["accepted", "rejected", "screened_out", "all_perfect", "guardrail", "no_change", "reflection_failed", "no_budget"] as const;
export type IterationOutcome = (typeof iterationOutcomes)[number];

export const iterationKinds = ["reflection", "merge"] as const;
export type IterationKind = (typeof iterationKinds)[number];

/** What the judge said on a minibatch example, kept so later reflections can see it at no cost. */
export interface RecordedJudgment {
  score: number | null;
  status: "ok" | "malformed" | "error";
  reasoning: string;
  /** Why an answer was malformed, and how it began: what the reflection needs to see to fix it. Absent in runs from before. */
  problem?: string | null;
  answer?: string | null;
  /** The first answer could not be read and the judge was asked again: what was wrong with it, and how it began. */
  reasked?: boolean;
  firstProblem?: string;
  firstAnswer?: string;
}

/** One committed iteration: written in the same transaction as any candidate it adds. */
export const optimizerIterations = sqliteTable(
  "optimizer_iterations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => optimizerRuns.id, { onDelete: "cascade" }),
    iteration: integer("iteration").notNull(),
    kind: text("kind", { enum: iterationKinds }).notNull().default("reflection"),
    parentIndex: integer("parent_index").notNull(),
    mergeParentIndex: integer("merge_parent_index"),
    minibatch: text("minibatch", { mode: "json" }).$type<number[]>().notNull(),
    parentScores: text("parent_scores", { mode: "json" }).$type<number[]>().notNull(),
    parentJudgments: text("parent_judgments", { mode: "json" })
      .$type<RecordedJudgment[]>()
      .notNull()
      .default(sql`'[]'`),
    childJudgments: text("child_judgments", { mode: "json" }).$type<RecordedJudgment[]>(),
    /** Train examples shown to the reflection besides the minibatch. */
    evidenceIds: text("evidence_ids", { mode: "json" })
      .$type<number[]>()
      .notNull()
      .default(sql`'[]'`),
    /** The provider's text when the reflection gave nothing usable. */
    failure: text("failure"),
    /** The child on the screening part of val, next to its parent there (see ScreenRecord). */
    screen: text("screen", { mode: "json" }).$type<ScreenRecord>(),
    childScores: text("child_scores", { mode: "json" }).$type<number[] | null>(),
    outcome: text("outcome", { enum: iterationOutcomes }).notNull(),
    childIndex: integer("child_index"),
    proposal: text("proposal"),
    guardrailAttempts: text("guardrail_attempts", { mode: "json" }).$type<GuardrailAttempt[]>().notNull(),
    /** Proposals set aside as repeats, the reflection asked again after the first (see RepeatedProposal). */
    repeats: text("repeats", { mode: "json" })
      .$type<RepeatedProposal[]>()
      .notNull()
      .default(sql`'[]'`),
    metricCallsUsed: integer("metric_calls_used").notNull(),
    reflectionCalls: integer("reflection_calls").notNull(),
    childValNmse: real("child_val_nmse"),
    bestValNmse: real("best_val_nmse").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex("optimizer_iterations_run_iteration").on(table.runId, table.iteration)],
);
export type OptimizerIteration = typeof optimizerIterations.$inferSelect;
