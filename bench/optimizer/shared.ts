// What both optimizers share in the benchmark: the examples, the per-example score, the feedback
// text, the client, and one evaluator for the final instructions on test.
import { createLlmClient, type LlmClient } from "@/lib/llm/client";
import { judgeExample } from "@/lib/judge/judge-example";
import { feedbackText } from "@/lib/feedback/feedback-text";
import { computeJudgeMetrics, exampleScore } from "@/lib/metrics";
import type { BenchTask, Split } from "./bench-task";
import type { BenchServer } from "./server";

export interface BenchExample {
  id: string;
  inputs: Record<string, string>;
  /** The mean of the scores the row has (a labeler may have skipped it). */
  gold: number;
  rationales: { labeler: string; rationale: string }[];
}

export function toExamples(task: BenchTask): Record<Split, BenchExample[]> {
  const bySplit: Record<Split, BenchExample[]> = { train: [], val: [], test: [] };
  for (const row of task.rows) {
    const scores = task.labelers.filter((name) => row.labels[name] !== undefined).map((name) => row.labels[name]!);
    bySplit[row.split].push({
      id: row.id,
      inputs: row.inputs,
      gold: scores.reduce((a, b) => a + b, 0) / scores.length,
      rationales: task.labelers.map((name) => ({ labeler: name, rationale: row.rationales?.[name] ?? "" })).filter((entry) => entry.rationale),
    });
  }
  return bySplit;
}

/** Per-example score in [0, 1]: 1 − e²/16, and 0 for anything that is not an integer 1–5. */
export function scoreOf(judge: unknown, gold: number): number {
  const value = typeof judge === "string" && /^\s*[1-5]\s*$/.test(judge) ? Number(judge) : judge;
  return exampleScore({ gold, judge: typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5 ? value : null });
}

/** The feedback text Attune's reflection reads, given to AxGEPA too through its feedbackFn. */
export function feedbackFor(example: BenchExample, judge: { score: unknown; reasoning: unknown }): string {
  const score = typeof judge.score === "number" && Number.isInteger(judge.score) && judge.score >= 1 && judge.score <= 5 ? judge.score : null;
  return feedbackText({
    judgeScore: score,
    gold: example.gold,
    status: score === null ? "malformed" : "ok",
    judgeReasoning: typeof judge.reasoning === "string" ? judge.reasoning : "",
    rationales: example.rationales,
  });
}

export function benchClient(server: BenchServer): LlmClient {
  return createLlmClient({ baseURL: server.baseURL, apiKey: server.apiKey, timeoutMs: server.timeoutMs, maxRetries: 2, concurrency: 8 });
}

/**
 * NMSE of an instruction on a set, judged the same way for every optimizer: Attune's judge call on
 * the same server. Also over the readable answers alone: which answers break depends on the request
 * text, so it is a draw per instruction that no optimizer can steer, and the readable figure shows
 * the instruction's own quality without it.
 */
export async function measureOn(
  client: LlmClient,
  judgeModel: string,
  task: BenchTask,
  instruction: string,
  examples: BenchExample[],
): Promise<{ nmse: number; readableNmse: number; unreadable: number; firstError: string | null }> {
  const inputFields = task.inputFields.map((field) => field.name);
  const outcomes = await Promise.all(examples.map((example) => judgeExample(client, { model: judgeModel, instruction, inputFields, inputs: example.inputs })));
  const pairs = outcomes.map((outcome, index) => ({ gold: examples[index]!.gold, judge: outcome.status === "ok" ? outcome.score : null }));
  const readable = pairs.filter((pair) => pair.judge !== null);
  return {
    nmse: computeJudgeMetrics(pairs).nmse,
    readableNmse: readable.length ? computeJudgeMetrics(readable).nmse : 100,
    unreadable: pairs.length - readable.length,
    firstError: outcomes.find((outcome) => outcome.error !== null)?.error ?? null,
  };
}

export async function nmseOn(client: LlmClient, judgeModel: string, task: BenchTask, instruction: string, examples: BenchExample[]): Promise<number> {
  return (await measureOn(client, judgeModel, task, instruction, examples)).nmse;
}

/** Attune's reflection prompt cuts a field at this many characters. */
const CLIPPED_FIELD = 1500;

/**
 * Val or test examples that reached a reflection request: by a distinctive id, or by a field shown
 * whole (`### name` in Attune's prompts, `"name": "…"` in Ax's JSON) whose text no train example
 * has. A short or wordless id would match ordinary text, and shared text proves nothing.
 */
export function leakedExamples(reflectionTexts: string[], hidden: BenchExample[], train: BenchExample[]): string[] {
  const sent = reflectionTexts.join("\n");
  const trainTexts = new Set(train.flatMap((example) => Object.values(example.inputs)));
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // A hidden text shown as `### name`, unless every place it shows is the start of a longer train text of that field.
  const shownAsField = (name: string, text: string) => {
    const shown = `### ${name}\n${text.length > CLIPPED_FIELD ? text.slice(0, CLIPPED_FIELD) : `${text}\n`}`;
    const longer = text.length > CLIPPED_FIELD ? [] : train.map((example) => example.inputs[name] ?? "").filter((other) => other.length > text.length && other.startsWith(`${text}\n`));
    for (let at = sent.indexOf(shown); at >= 0; at = sent.indexOf(shown, at + 1)) if (!longer.some((other) => sent.startsWith(`### ${name}\n${other.slice(0, CLIPPED_FIELD)}`, at))) return true;
    return false;
  };
  return hidden
    .filter(
      (example) =>
        (example.id.length >= 5 && /\d/.test(example.id) && new RegExp(`(?<![\\w-])${escape(example.id)}(?![\\w-])`).test(sent)) ||
        Object.entries(example.inputs).some(([name, text]) => text.trim() !== "" && !trainTexts.has(text) && (shownAsField(name, text) || sent.includes(`": ${JSON.stringify(text)}`))),
    )
    .map((example) => example.id);
}
