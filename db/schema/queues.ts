import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { datasets, examples } from "./datasets";
import { labelers } from "./labels";

export const queueStatuses = ["open", "paused", "closed"] as const;
export type QueueStatus = (typeof queueStatuses)[number];

export const queueRuleKinds = ["judge_disagreement", "human_disagreement", "few_labels", "split", "sample"] as const;
export type QueueRuleKind = (typeof queueRuleKinds)[number];

/** How a queue chose its examples, kept so the queue page can say it. */
export interface QueueRule {
  kind: QueueRuleKind;
  /** judge_disagreement and few_labels (stratified): the evaluation read; the latest finished one when absent. */
  runId?: number;
  /** few_labels: serve every judge score level in turn. */
  stratify?: boolean;
  split?: "train" | "val" | "test";
  /** sample (and a cap for the others): how many examples. */
  size?: number;
  seed?: number;
}

/** A labeling queue: examples chosen by a rule, each wanted until it has labelsPerExample labels. */
export const labelQueues = sqliteTable("label_queues", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  datasetId: integer("dataset_id")
    .notNull()
    .references(() => datasets.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  rule: text("rule", { mode: "json" }).$type<QueueRule>().notNull(),
  labelsPerExample: integer("labels_per_example").notNull(),
  /** Labeler ids the queue is for; null: everyone. */
  assignees: text("assignees", { mode: "json" }).$type<number[] | null>(),
  status: text("status", { enum: queueStatuses }).notNull().default("open"),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`),
});
export type LabelQueue = typeof labelQueues.$inferSelect;

/** The queue's examples in the order the rule chose them. */
export const queueItems = sqliteTable(
  "queue_items",
  {
    queueId: integer("queue_id")
      .notNull()
      .references(() => labelQueues.id, { onDelete: "cascade" }),
    exampleId: integer("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /**
     * The number of people's labels at which the item leaves the queue: k for "fewer than k labels",
     * and for every other rule the labels it had when the queue was made plus k (k more opinions).
     */
    target: integer("target").notNull(),
  },
  (table) => [primaryKey({ columns: [table.queueId, table.exampleId] }), index("queue_items_order").on(table.queueId, table.position)],
);

/** An item held for one labeler for a few minutes, so two people are not served the last free slot at once. */
export const queueReservations = sqliteTable(
  "queue_reservations",
  {
    queueId: integer("queue_id")
      .notNull()
      .references(() => labelQueues.id, { onDelete: "cascade" }),
    exampleId: integer("example_id")
      .notNull()
      .references(() => examples.id, { onDelete: "cascade" }),
    labelerId: integer("labeler_id")
      .notNull()
      .references(() => labelers.id, { onDelete: "cascade" }),
    until: integer("until", { mode: "timestamp_ms" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.queueId, table.exampleId, table.labelerId] })],
);
