import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { datasets, examples, splitValues } from "./datasets";

export const promptOrigins = ["seed", "manual", "optimizer"] as const;

/** An immutable judge instruction; editing saves a new version. */
export const promptVersions = sqliteTable(
  "prompt_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    instruction: text("instruction").notNull(),
    model: text("model").notNull(),
    parentId: integer("parent_id"),
    origin: text("origin", { enum: promptOrigins }).notNull(),
    /** The optimizer run that produced it, for origin "optimizer". */
    optimizerRunId: integer("optimizer_run_id"),
    note: text("note").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [index("prompt_versions_dataset").on(table.datasetId)],
);
export type PromptVersion = typeof promptVersions.$inferSelect;

export const runStatuses = ["queued", "running", "done", "failed", "cancelled"] as const;
export type RunStatus = (typeof runStatuses)[number];
export const evalSplits = [...splitValues, "all"] as const;
export type EvalSplit = (typeof evalSplits)[number];

/** An evaluation of one prompt version on one split: the job row pages poll. */
export const evalRuns = sqliteTable(
  "eval_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    datasetId: integer("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    promptId: integer("prompt_id")
      .notNull()
      .references(() => promptVersions.id),
    split: text("split", { enum: evalSplits }).notNull(),
    model: text("model").notNull(),
    /** The configured model (its label) whose client judges; null: the server's default provider. */
    modelLabel: text("model_label"),
    /** The model comparison this evaluation belongs to, if any. */
    comparisonId: integer("comparison_id"),
    status: text("status", { enum: runStatuses }).notNull().default("queued"),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    modelCalls: integer("model_calls").notNull().default(0),
    cacheHits: integer("cache_hits").notNull().default(0),
    retries: integer("retries").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    malformed: integer("malformed").notNull().default(0),
    /** Judgments whose first answer could not be read, so the judge was asked once more. */
    reasked: integer("reasked").notNull().default(0),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    concurrency: integer("concurrency").notNull(),
    /** Metrics of section 3, filled when the run ends. */
    metrics: text("metrics", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Hash of the examples and gold scores the metrics were measured on, taken when the run ended. */
    dataHash: text("data_hash"),
    error: text("error"),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    heartbeatAt: integer("heartbeat_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (table) => [index("eval_runs_dataset").on(table.datasetId, table.split)],
);
export type EvalRun = typeof evalRuns.$inferSelect;

export const judgmentStatuses = ["ok", "malformed", "error"] as const;
export type JudgmentStatus = (typeof judgmentStatuses)[number];

export const judgments = sqliteTable(
  "judgments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => evalRuns.id, { onDelete: "cascade" }),
    exampleId: integer("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    score: integer("score"),
    reasoning: text("reasoning").notNull().default(""),
    raw: text("raw").notNull().default(""),
    status: text("status", { enum: judgmentStatuses }).notNull(),
    error: text("error"),
    latencyMs: integer("latency_ms").notNull().default(0),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    cached: integer("cached", { mode: "boolean" }).notNull().default(false),
    /** When the first answer could not be read and the judge was asked again: what was wrong with it, and its start. */
    firstProblem: text("first_problem"),
    firstAnswer: text("first_answer"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (table) => [uniqueIndex("judgments_run_example").on(table.runId, table.exampleId)],
);
export type Judgment = typeof judgments.$inferSelect;

/** Model answers by (model, rendered messages, parameters): an unchanged judge is never paid twice. */
export const llmCache = sqliteTable("llm_cache", {
  key: text("key").primaryKey(),
  model: text("model").notNull(),
  content: text("content").notNull(),
  tokensIn: integer("tokens_in").notNull().default(0),
  tokensOut: integer("tokens_out").notNull().default(0),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
