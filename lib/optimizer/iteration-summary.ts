import type { OptimizerIteration, RepeatedProposal } from "@/db/schema";
import { judgeMinibatch } from "./strategies/acceptance";

const sum = (scores: readonly number[]) => scores.reduce((total, score) => total + score, 0);
const fixed = (value: number) => value.toFixed(2);

const REPEATS: Record<RepeatedProposal["kind"], string> = {
  unchanged: "the parent unchanged",
  kept: "an instruction the pool already has",
  tried: "an instruction that did no better than this parent on val before",
};

/**
 * What became of an iteration and why, in one sentence: the run page's log and the CLI's `--json`.
 * Its scores are sums of per-example scores (1 − e²/16, higher is better), not NMSE.
 */
export function iterationReason(
  iteration: Pick<
    OptimizerIteration,
    "kind" | "outcome" | "parentIndex" | "mergeParentIndex" | "parentScores" | "parentJudgments" | "childScores" | "childJudgments" | "screen" | "failure" | "guardrailAttempts" | "repeats"
  >,
  /** Whether the run's decisions counted unreadable answers (see `countsUnreadable`). */
  countUnreadable = false,
): string {
  const what = iteration.kind === "merge" ? `The merge of #${iteration.parentIndex} and #${iteration.mergeParentIndex}` : `The child of #${iteration.parentIndex}`;
  const minibatch = () => {
    if (!iteration.childScores || !iteration.childJudgments) return "";
    const verdict = judgeMinibatch({ scores: iteration.parentScores, judgments: iteration.parentJudgments }, { scores: iteration.childScores, judgments: iteration.childJudgments }, countUnreadable);
    return `a score of ${fixed(verdict.childSum)} against ${fixed(verdict.parentSum)} on the ${verdict.compared} minibatch examples both scored`;
  };
  const tiedOnMinibatch = () =>
    iteration.childScores && iteration.childJudgments
      ? judgeMinibatch({ scores: iteration.parentScores, judgments: iteration.parentJudgments }, { scores: iteration.childScores, judgments: iteration.childJudgments }, countUnreadable).tied
      : false;
  const screen = () =>
    iteration.screen
      ? [
          `a score of ${fixed(sum(iteration.screen.child))} against ${fixed(sum(iteration.screen.parent))} on ${iteration.screen.positions.length} val examples`,
          iteration.screen.cut ? `, the budget leaving ${iteration.screen.cut} of the screening part out` : "",
          iteration.screen.extended ? `, after the next ${iteration.screen.extended} were added as the first part was too close to call` : "",
          iteration.screen.parentJudged ? `, the parent judged on ${iteration.screen.parentJudged} of them too` : "",
          iteration.screen.reused ? `; ${iteration.screen.reused} of the child's scores were from when the same instruction was tried before` : "",
        ].join("")
      : "";
  const outcome = outcomeReason(iteration, what, minibatch, tiedOnMinibatch, screen);
  const repeats = iteration.repeats ?? [];
  if (iteration.outcome === "no_change" || repeats.length === 0) return outcome;
  return `${outcome} The reflection was asked again: its first proposal was ${REPEATS[repeats[0]!.kind]}.`;
}

function outcomeReason(iteration: Parameters<typeof iterationReason>[0], what: string, minibatch: () => string, tiedOnMinibatch: () => boolean, screen: () => string): string {
  switch (iteration.outcome) {
    case "accepted":
      if (iteration.kind === "merge") return `${what} did at least as well as the better of them (${screen()}); it joins the pool.`;
      return tiedOnMinibatch()
        ? `${what} tied its parent on the minibatch (${minibatch()}) and did better on the screening part of val (${screen()}); it joins the pool.`
        : `${what} won its minibatch (${minibatch()}) and held up on ${iteration.screen?.extended ? "val" : "the screening part of val"} (${screen()}); it joins the pool.`;
    case "rejected":
      if (iteration.kind === "merge") return `${what} did worse than the better of them where they differ (${screen()}).`;
      return iteration.screen
        ? `${what} tied its parent on the minibatch (${minibatch()}) and was not better on the screening part of val (${screen()}).`
        : `${what} was not better on the minibatch: ${minibatch()}.`;
    case "screened_out":
      return `${what} won its minibatch (${minibatch()}) but did worse than its parent on the screening part of val (${screen()}).`;
    case "guardrail":
      return `${iteration.repeats?.length ? "Asked again, the proposal broke a guardrail" : "Every proposal broke a guardrail"}: ${iteration.guardrailAttempts.map((attempt) => attempt.violations.map((violation) => violation.reason).join("; ")).join(" / ")}.`;
    case "reflection_failed":
      return `The reflection gave no usable instruction: ${iteration.failure ?? "no answer"}.`;
    case "no_change": {
      const repeats = iteration.repeats ?? [];
      if (repeats.length === 0) return "The proposal was an instruction the pool already has.";
      const refused = iteration.guardrailAttempts.map((attempt) => `the proposal broke a guardrail (${attempt.violations.map((violation) => violation.reason).join("; ")})`);
      const steps = [...refused, ...repeats.map((repeat) => `the proposal was ${REPEATS[repeat.kind]}`)];
      return `Nothing new to judge: ${steps.map((step, index) => (index === 0 ? step : step.replace(/^the proposal/, "asked again, the next"))).join("; ")}.`;
    }
    case "all_perfect":
      return `#${iteration.parentIndex} was already perfect on this minibatch; nothing to learn from it.`;
    case "no_budget":
      return "The next step would have passed the budget.";
  }
}
