import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { datasets } from "@/db/schema";
import { assignSplit } from "@/lib/datasets/split";
import type { ScaleAnchors } from "@/lib/datasets/scale";
import { importBytes, type ImportSummary } from "@/lib/import";

export const SUMMEVAL_DATASET = "SummEval relevance";

export const SUMMEVAL_TASK =
  "Rate how relevant the summary is to the news article: it should capture the article's most important information and leave out unimportant details and anything the article does not say. (SummEval's relevance dimension, rated by three experts.)";

export const SUMMEVAL_ANCHORS: ScaleAnchors = {
  "1": "Misses the article's key points",
  "2": "A few key points; mostly minor or off-topic",
  "3": "Some key points; misses others or pads",
  "4": "Most key points, little filler",
  "5": "All the key points, concisely",
};

export interface SummEvalRow {
  doc_idx: number;
  system_id: string;
  source: string;
  summary: string;
  expert_mean: { relevance: number };
}

/** The SummEval rows shipped with the app: 100 articles, each summarised by 16 systems. */
export function readSummEvalRows(root = process.env.ATTUNE_ROOT ?? process.cwd()): SummEvalRow[] {
  return fs
    .readFileSync(path.join(root, "lib/demo/summeval/summeval_flat.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SummEvalRow);
}

/**
 * The SummEval expert ratings (MIT) as a dataset: article and summary in, the experts' mean
 * relevance as an aggregate labeler. Summaries of one article share a split so no article
 * is seen in both training and test.
 */
export function seedSummEval(db: Db, root = process.env.ATTUNE_ROOT ?? process.cwd()): ImportSummary {
  const rows = readSummEvalRows(root).map((row) =>
    JSON.stringify({
      id: `${row.doc_idx}-${row.system_id}`,
      article: row.source,
      summary: row.summary,
      relevance: row.expert_mean.relevance,
      split: assignSplit(`article-${row.doc_idx}`),
    }),
  );
  const summary = importBytes(db, {
    bytes: new TextEncoder().encode(rows.join("\n")),
    fileName: "summeval_flat.jsonl",
    mapping: {
      idField: "id",
      inputFields: ["article", "summary"],
      labelFields: [{ field: "relevance", labeler: "SummEval experts (mean of 3)" }],
      splitField: "split",
    },
    target: { datasetName: SUMMEVAL_DATASET, task: SUMMEVAL_TASK },
  });
  db.update(datasets).set({ scaleAnchors: SUMMEVAL_ANCHORS }).where(eq(datasets.id, summary.datasetId)).run();
  return summary;
}
