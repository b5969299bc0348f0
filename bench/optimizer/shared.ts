// What both optimizers share in the benchmark: the simulated server, the examples, the per-example
// score, the feedback text, and one evaluator for the final instructions on test.
import { createLlmClient, type LlmClient } from "@/lib/llm/client";
import { judgeExample } from "@/lib/judge/judge-example";
import { feedbackText } from "@/lib/feedback/feedback-text";
import { computeJudgeMetrics, exampleScore } from "@/lib/metrics";
import { readMessages, readRequest } from "@/lib/llm/sim/read-request";
import { startSimServer, type SimServer } from "@/lib/llm/sim/server";
import { noFaults } from "@/lib/llm/sim/handler";
import { defaultWorlds } from "@/lib/llm/sim/worlds";
import { BENCH_LABELERS, type BenchRow } from "./task";
import { developerAnswersWorld } from "./world";

export const JUDGE_MODEL = "attune-sim-judge";
export const REFLECTION_MODEL = "attune-sim-reflect";
export const INPUT_FIELDS = ["question", "answer"];

export interface BenchExample {
  id: string;
  question: string;
  answer: string;
  gold: number;
  rationales: { labeler: string; rationale: string }[];
}

export function toExamples(rows: BenchRow[]): Record<BenchRow["split"], BenchExample[]> {
  const bySplit: Record<BenchRow["split"], BenchExample[]> = { train: [], val: [], test: [] };
  for (const row of rows) {
    const scores = BENCH_LABELERS.map((name) => Number(row[name]));
    bySplit[row.split].push({
      id: row.id,
      question: row.question,
      answer: row.answer,
      gold: scores.reduce((a, b) => a + b, 0) / scores.length,
      rationales: BENCH_LABELERS.map((name) => ({ labeler: name, rationale: String(row[`${name}_why`] ?? "") })).filter((entry) => entry.rationale),
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

/** The simulated server both optimizers talk to, with about 3% malformed judge answers, recording what reflection calls were shown. */
export async function startBenchServer(): Promise<SimServer & { reflectionTexts: string[]; judgeRequests: () => number; reset: () => void }> {
  const reflectionTexts: string[] = [];
  let judgeRequests = 0;
  const server = await startSimServer({
    seed: 7,
    faults: { ...noFaults, rateMalformed: 0.03 },
    worlds: [developerAnswersWorld, ...defaultWorlds],
    observe: (body) => {
      const task = readRequest(body as { messages?: unknown });
      if (task.kind === "judge") judgeRequests++;
      else
        reflectionTexts.push(
          readMessages((body as { messages?: unknown }).messages)
            .map((message) => message.content)
            .join("\n"),
        );
    },
  });
  return {
    ...server,
    reflectionTexts,
    judgeRequests: () => judgeRequests,
    reset: () => {
      reflectionTexts.length = 0;
      judgeRequests = 0;
    },
  };
}

export function benchClient(baseURL: string): LlmClient {
  return createLlmClient({ baseURL, apiKey: "simulated", timeoutMs: 30_000, maxRetries: 2, concurrency: 8 });
}

/** NMSE of an instruction on a set, judged the same way for every optimizer: Attune's judge call on the same server. */
export async function nmseOn(client: LlmClient, instruction: string, examples: BenchExample[]): Promise<number> {
  const outcomes = await Promise.all(
    examples.map((example) => judgeExample(client, { model: JUDGE_MODEL, instruction, inputFields: INPUT_FIELDS, inputs: { question: example.question, answer: example.answer } })),
  );
  return computeJudgeMetrics(outcomes.map((outcome, index) => ({ gold: examples[index]!.gold, judge: outcome.status === "ok" ? outcome.score : null }))).nmse;
}

/**
 * Val or test examples that reached a reflection request: by id, or by their answer shown as a
 * whole field (`### answer` in Attune's prompts, `"answer": "…"` in Ax's JSON). A substring of a
 * longer train answer is not a leak.
 */
export function leakedExamples(reflectionTexts: string[], hidden: BenchExample[]): string[] {
  const sent = reflectionTexts.join("\n");
  return hidden
    .filter((example) => new RegExp(`\\b${example.id}\\b`).test(sent) || sent.includes(`### answer\n${example.answer}\n`) || sent.includes(`"answer": ${JSON.stringify(example.answer)}`))
    .map((example) => example.id);
}
