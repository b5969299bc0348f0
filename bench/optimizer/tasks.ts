// The built-in benchmark tasks, selected with --task, and the one a --data file describes.
import { generateSupportReplies, SUPPORT_ANCHORS, SUPPORT_TASK } from "@/lib/demo/support-replies";
import { readSummEvalRows, SUMMEVAL_ANCHORS, SUMMEVAL_TASK } from "@/lib/demo/summeval";
import { shuffled } from "@/lib/optimizer/strategies/batch-sampler";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { supportWorld } from "@/lib/llm/sim/worlds/support";
import { taskProblem, type BenchTask, type BenchTaskRow, type Split } from "./bench-task";
import { readTaskFile } from "./file-task";
import { generatePostmortemTask, POSTMORTEM_IDEAL_INSTRUCTION, POSTMORTEM_REVIEWERS, POSTMORTEM_SEED_INSTRUCTION, POSTMORTEM_TASK } from "./postmortem-task";
import { postmortemCriteria } from "./postmortem-world";
import { generateReviewTask, REVIEW_IDEAL_INSTRUCTION, REVIEW_LABELERS, REVIEW_SEED_INSTRUCTION, REVIEW_TASK } from "./review-task";
import { reviewCriteria } from "./review-world";
import { sqlCriteria } from "./sql-world";
import { generateSqlTask, SQL_IDEAL_INSTRUCTION, SQL_REVIEWERS, SQL_SEED_INSTRUCTION, SQL_TASK } from "./sql-task";
import { generateTranslationTask, TRANSLATION_IDEAL_INSTRUCTION, TRANSLATION_REVIEWERS, TRANSLATION_SEED_INSTRUCTION, TRANSLATION_TASK } from "./translation-task";
import { translationCriteria } from "./translation-world";
import { BENCH_LABELERS, generateBenchTask, IDEAL_INSTRUCTION, SEED_INSTRUCTION, TASK } from "./task";
import { criteria } from "./world";

/** Rows kept as flat records, each labeler's score under their name and rationale under `NAME_why`. */
function fromFlatRows(rows: Record<string, string | number>[], fields: string[], labelers: string[]): BenchTaskRow[] {
  return rows.map((row) => ({
    id: String(row.id),
    split: row.split as Split,
    inputs: Object.fromEntries(fields.map((field) => [field, String(row[field])])),
    labels: Object.fromEntries(labelers.filter((name) => row[name] !== undefined).map((name) => [name, Number(row[name])])),
    rationales: Object.fromEntries(labelers.filter((name) => row[`${name}_why`]).map((name) => [name, String(row[`${name}_why`])])),
  }));
}

/** Developers' questions and answers, rated by three noisy annotators on criteria the seed does not state. */
export function developerAnswersTask(dataSeed: number, rows = 300): BenchTask {
  return {
    name: "developer-answers",
    taskText: TASK,
    inputFields: [
      { name: "question", description: "The developer's question" },
      { name: "answer", description: "The answer to rate" },
    ],
    labelers: BENCH_LABELERS,
    rows: fromFlatRows(generateBenchTask(rows, dataSeed), ["question", "answer"], BENCH_LABELERS),
    seedInstruction: SEED_INSTRUCTION,
    idealInstruction: IDEAL_INSTRUCTION,
    criteria,
  };
}

/** The support-replies demo: two or three labelers per reply, following a policy the seed does not know. */
export function supportRepliesTask(): BenchTask {
  const seed = seedInstruction(SUPPORT_TASK, SUPPORT_ANCHORS);
  const labelers = ["priya", "marco", "lena"];
  return {
    name: "support-replies",
    taskText: SUPPORT_TASK,
    inputFields: [
      { name: "customer_message", description: "The customer's message" },
      { name: "agent_reply", description: "The support agent's reply to rate" },
    ],
    labelers,
    rows: fromFlatRows(generateSupportReplies(), ["customer_message", "agent_reply"], labelers),
    scaleAnchors: SUPPORT_ANCHORS,
    seedInstruction: seed,
    idealInstruction: [seed, ...supportWorld.criteria.map((criterion) => criterion.statement)].join("\n"),
    criteria: supportWorld.criteria,
  };
}

/**
 * Real human labels: SummEval's relevance ratings (the mean of three experts) of news summaries.
 * Three of each article's sixteen summaries, picked by the data seed, and the articles split
 * 40/20/40 so no article is in two splits. No rationales, and no known ideal instruction.
 */
export function summevalTask(dataSeed: number): BenchTask {
  const byArticle = new Map<number, ReturnType<typeof readSummEvalRows>>();
  for (const row of readSummEvalRows()) byArticle.set(row.doc_idx, [...(byArticle.get(row.doc_idx) ?? []), row]);
  const articles = shuffled(
    [...byArticle.keys()].sort((a, b) => a - b),
    dataSeed,
    0,
    "summeval-articles",
  );
  const splitOf = (rank: number): Split => (rank < 0.4 * articles.length ? "train" : rank < 0.6 * articles.length ? "val" : "test");
  const rows = articles.flatMap((article, rank) =>
    shuffled(byArticle.get(article)!, dataSeed, article, "summeval-systems")
      .slice(0, 3)
      .map((row) => ({
        id: `${row.doc_idx}-${row.system_id}`,
        split: splitOf(rank),
        inputs: { article: row.source, summary: row.summary },
        labels: { experts: row.expert_mean.relevance },
      })),
  );
  return {
    name: "summeval-relevance",
    taskText: SUMMEVAL_TASK,
    inputFields: [
      { name: "article", description: "The news article" },
      { name: "summary", description: "The summary to rate" },
    ],
    labelers: ["experts"],
    rows,
    scaleAnchors: SUMMEVAL_ANCHORS,
    seedInstruction: seedInstruction(SUMMEVAL_TASK, SUMMEVAL_ANCHORS),
  };
}

/** SQL queries for analysts' requests: nine criteria, two rare, rationales from two of three reviewers. */
export function sqlQueriesTask(dataSeed: number, rows = 250): BenchTask {
  return {
    name: "sql-queries",
    taskText: SQL_TASK,
    inputFields: [
      { name: "request", description: "The analyst's request" },
      { name: "sql", description: "The SQL query written for it, with a short note" },
    ],
    labelers: SQL_REVIEWERS,
    rows: generateSqlTask(rows, dataSeed),
    seedInstruction: SQL_SEED_INSTRUCTION,
    idealInstruction: SQL_IDEAL_INSTRUCTION,
    criteria: sqlCriteria,
  };
}

/** Code-review comments: three input fields, criteria that raise scores as well as lower them, five labelers, three a comment. */
export function reviewCommentsTask(dataSeed: number, rows = 250): BenchTask {
  return {
    name: "review-comments",
    taskText: REVIEW_TASK,
    inputFields: [
      { name: "change", description: "What the change does" },
      { name: "diff", description: "The lines the change adds" },
      { name: "comment", description: "The reviewer's comment to rate" },
    ],
    labelers: REVIEW_LABELERS,
    rows: generateReviewTask(rows, dataSeed),
    seedInstruction: REVIEW_SEED_INSTRUCTION,
    idealInstruction: REVIEW_IDEAL_INSTRUCTION,
    criteria: reviewCriteria,
  };
}

/** Spanish translations of an app's interface text: seven criteria, one rare, a judge that likes flourishes, three reviewers on every row. */
export function uiTranslationsTask(dataSeed: number, rows = 250): BenchTask {
  return {
    name: "ui-translations",
    taskText: TRANSLATION_TASK,
    inputFields: [
      { name: "source", description: "The app's English interface text" },
      { name: "translation", description: "The Spanish translation to rate" },
    ],
    labelers: TRANSLATION_REVIEWERS,
    rows: generateTranslationTask(rows, dataSeed),
    seedInstruction: TRANSLATION_SEED_INSTRUCTION,
    idealInstruction: TRANSLATION_IDEAL_INSTRUCTION,
    criteria: translationCriteria,
  };
}

/** Incident postmortems, one long field each: eight criteria, two conditional and one rare, a judge that likes pasted logs, two of four reviewers a postmortem. */
export function incidentPostmortemsTask(dataSeed: number, rows = 250): BenchTask {
  return {
    name: "incident-postmortems",
    taskText: POSTMORTEM_TASK,
    inputFields: [{ name: "postmortem", description: "The incident postmortem to rate" }],
    labelers: POSTMORTEM_REVIEWERS,
    rows: generatePostmortemTask(rows, dataSeed),
    seedInstruction: POSTMORTEM_SEED_INSTRUCTION,
    idealInstruction: POSTMORTEM_IDEAL_INSTRUCTION,
    criteria: postmortemCriteria,
  };
}

export const BUILT_IN_TASKS = ["developer-answers", "support-replies", "summeval-relevance", "sql-queries", "review-comments", "ui-translations", "incident-postmortems"];
const GENERATED_TASKS = ["developer-answers", "sql-queries", "review-comments", "ui-translations", "incident-postmortems"];

/**
 * The tasks the command line names: `--task a,b` (default developer-answers) and `--data FILE --task-text TEXT`;
 * `rows` sizes the generated tasks (`GENERATED_TASKS`) instead of their defaults.
 */
export function selectTasks(options: { task?: string; data?: string; taskText?: string; dataSeed: number; rows?: number }): BenchTask[] {
  const names = options.task?.split(",").map((name) => name.trim()) ?? (options.data ? [] : ["developer-answers"]);
  const notGenerated = names.find((name) => !GENERATED_TASKS.includes(name));
  if (options.rows !== undefined && (options.data || notGenerated)) throw new Error(`--rows sizes the generated tasks (${GENERATED_TASKS.join(", ")}), not ${notGenerated ?? "a --data file"}`);
  const tasks = names.map((name) => {
    if (name === "developer-answers") return developerAnswersTask(options.dataSeed, options.rows);
    if (name === "support-replies") return supportRepliesTask();
    if (name === "summeval-relevance") return summevalTask(options.dataSeed);
    if (name === "sql-queries") return sqlQueriesTask(options.dataSeed, options.rows);
    if (name === "review-comments") return reviewCommentsTask(options.dataSeed, options.rows);
    if (name === "ui-translations") return uiTranslationsTask(options.dataSeed, options.rows);
    if (name === "incident-postmortems") return incidentPostmortemsTask(options.dataSeed, options.rows);
    throw new Error(`unknown task "${name}"; the built-in tasks are ${BUILT_IN_TASKS.join(", ")}, or give --data FILE.jsonl --task-text "..."`);
  });
  if (options.data) {
    if (!options.taskText?.trim()) throw new Error('--data needs --task-text "..." with the task description the labelers followed');
    tasks.push(readTaskFile(options.data, options.taskText));
  } else if (options.taskText) throw new Error("--task-text describes a --data file; the built-in tasks have their own");
  for (const task of tasks) {
    const problem = taskProblem(task);
    if (problem) throw new Error(`task ${task.name}: ${problem}`);
  }
  return tasks;
}
