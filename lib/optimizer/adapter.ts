import type { RecordedJudgment } from "@/db/schema";
import { QUOTED_ANSWER_CHARS } from "@/lib/feedback/feedback-text";
import { judgeExample } from "@/lib/judge/judge-example";
import { ProviderError, type LlmClient } from "@/lib/llm/client";
import { describesContextOverflow, isProviderDown } from "@/lib/llm/provider-error";
import { exampleScore } from "@/lib/metrics";
import type { RunExample } from "./run-data";
import { judgedScore } from "./strategies/val-scores";

export class Cancelled extends Error {}

export interface JudgedBatch {
  /** Per-example score 1 − e²/16, at least `READABLE_FLOOR` for a readable answer; exactly 0 for a malformed answer or a request too long for the model (any other failed call stops the run instead). */
  scores: number[];
  judgments: RecordedJudgment[];
}

/**
 * Judges instructions on the run's examples through the same judge call as evaluations; callers
 * count every call against the metric budget, cache hits included. A call that still fails after
 * its retries is never scored: it pauses the run (ended as failed, resumable from its last
 * committed iteration) instead of steering acceptance with a made-up score. The exception is a
 * request too long for the judge model's context window, which no retry or resume can pass: it
 * is an unreadable answer, as evaluations count it.
 */
export class JudgeAdapter {
  /** Examples whose judge request did not fit the judge model's context window. */
  readonly tooLong = new Set<number>();
  /** What the provider said the first time a request did not fit. */
  tooLongSaid: string | null = null;

  constructor(
    private readonly context: {
      client: LlmClient;
      judgeModel: string;
      inputFields: string[];
      examples: Map<number, RunExample>;
      signal: AbortSignal;
      /** Told how many of a batch's answers were asked for again (see `reask.ts`). */
      onReasks?: (count: number) => void;
    },
  ) {}

  /** `outsideBudget`: test scoring, whose re-asks are not the budget's (`onReasks` is not told). */
  async judge(instruction: string, ids: readonly number[], options: { outsideBudget?: boolean } = {}): Promise<JudgedBatch> {
    const { client, judgeModel, inputFields, examples, signal } = this.context;
    const outcomes = await Promise.all(ids.map((id) => judgeExample(client, { model: judgeModel, instruction, inputFields, inputs: examples.get(id)!.inputs, signal })));
    if (signal.aborted || outcomes.some((outcome) => outcome.errorKind === "cancelled")) throw new Cancelled();
    if (!options.outsideBudget) this.context.onReasks?.(outcomes.filter((outcome) => outcome.reasked).length);
    const down = outcomes.find((outcome) => isProviderDown(outcome.errorKind));
    if (down) throw new ProviderError(`The judge model "${judgeModel}": ${down.error ?? "the model provider is unavailable."}`, down.errorKind!, down.retries);
    // An example too long for the judge model's context window fails whatever is retried: it is
    // an unreadable answer (the largest error, as in evaluations), and the run says some did not fit.
    const tooLong = outcomes.flatMap((outcome, index) => (outcome.status === "error" && describesContextOverflow(outcome.errorKind, outcome.error) ? [ids[index]!] : []));
    for (const id of tooLong) this.tooLong.add(id);
    if (tooLong.length > 0) this.tooLongSaid ??= outcomes.find((outcome) => outcome.status === "error" && describesContextOverflow(outcome.errorKind, outcome.error))!.error;
    const failed = outcomes.filter((outcome, index) => outcome.status === "error" && !tooLong.includes(ids[index]!));
    if (failed.length > 0) {
      throw new ProviderError(`The judge model failed on ${failed.length} of ${outcomes.length} calls even after retries: ${failed[0]!.error}`, failed[0]!.errorKind ?? "server", failed[0]!.retries);
    }
    return {
      scores: outcomes.map((outcome, index) => judgedScore(outcome.status === "ok" ? exampleScore({ gold: examples.get(ids[index]!)!.gold, judge: outcome.score }) : null)),
      judgments: outcomes.map((outcome) => ({
        score: outcome.score,
        status: outcome.status,
        reasoning: outcome.reasoning.slice(0, 2000),
        ...(outcome.firstAnswer ? { reasked: true, firstProblem: outcome.firstAnswer.problem, firstAnswer: outcome.firstAnswer.answer.slice(0, QUOTED_ANSWER_CHARS + 1) } : {}),
        ...(outcome.status === "malformed" ? { problem: outcome.error, answer: outcome.raw.slice(0, QUOTED_ANSWER_CHARS + 1) } : {}),
        ...(outcome.status === "error" ? { problem: outcome.error } : {}),
      })),
    };
  }
}
