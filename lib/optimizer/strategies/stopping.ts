import type { OptimizerIteration, StopReason } from "@/db/schema";
import { reserveNow, type RunContext } from "../context";
import { plural } from "@/lib/format";
import { readable, type ValScores } from "./val-scores";

/** Reflections in a row that gave no usable instruction before a run gives up, quoting the last one. */
export const MAX_REFLECTION_FAILURES = 3;

/**
 * Iterations in a row with nothing new to judge (the reflection, asked twice each time, proposed
 * only its parent, the pool's instructions or what did worse before) after which the search has
 * converged: the calls left go to the final choice instead of to more minibatches of parents.
 */
export const CONVERGED_AFTER = 10;

/** Whether the last CONVERGED_AFTER iterations all ended with nothing new to judge. */
export function converged(iterations: readonly Pick<OptimizerIteration, "outcome">[]): boolean {
  return iterations.length >= CONVERGED_AFTER && iterations.slice(-CONVERGED_AFTER).every((iteration) => iteration.outcome === "no_change");
}

/** Proposals in a row judged without one readable answer, after which a search that has none on val stops. */
export const UNREADABLE_PROPOSALS = 3;

/** Whether no candidate, the seed included, has one readable answer on val. */
export function noReadableVal(candidates: readonly { valScores: ValScores }[]): boolean {
  return !candidates.some((candidate) => candidate.valScores.some((score) => score !== null && readable(score)));
}

/**
 * Whether no instruction has had a readable answer: none on val, and none on the minibatches of
 * the last UNREADABLE_PROPOSALS children judged. An instruction that asks for another format would
 * be fixed by then; what is left is the judge model itself.
 */
export function nothingReadable(candidates: readonly { valScores: ValScores }[], iterations: readonly Pick<OptimizerIteration, "childScores">[]): boolean {
  const judged = iterations.filter((iteration) => iteration.childScores !== null);
  return noReadableVal(candidates) && judged.length >= UNREADABLE_PROPOSALS && judged.slice(-UNREADABLE_PROPOSALS).every((iteration) => !iteration.childScores!.some(readable));
}

/** No proposal was ever tried on an example: the run achieved nothing, and must not say "done". */
export function nothingTried(iterations: readonly Pick<OptimizerIteration, "childScores" | "screen">[]): boolean {
  return !iterations.some((iteration) => iteration.childScores !== null || iteration.screen !== null);
}

/** What became of the iterations that were not accepted, in the words the run page and the CLI share. */
export function outcomesText(iterations: readonly Pick<OptimizerIteration, "outcome" | "guardrailAttempts">[]): string {
  const count = (outcome: OptimizerIteration["outcome"]) => iterations.filter((iteration) => iteration.outcome === outcome).length;
  // A refused proposal is asked again; only an iteration whose every proposal was refused ends "guardrail".
  const refused = iterations.reduce((total, iteration) => total + iteration.guardrailAttempts.length, 0);
  return `${count("rejected")} not better, ${count("screened_out")} screened out, ${count("guardrail")} ended by a guardrail refusal (${plural(refused, "proposal")} refused in all), ${plural(count("reflection_failed"), "failed reflection")}, ${count("no_change")} without change, ${count("all_perfect")} perfect ${count("all_perfect") === 1 ? "minibatch" : "minibatches"}${count("no_budget") > 0 ? `, ${count("no_budget")} stopped by the budget before its proposal was judged` : ""}`;
}

/** Why the run stopped, in words a person can act on. */
export function describeStop(stop: StopReason, context: RunContext, iterations: readonly OptimizerIteration[]): string {
  const { config } = context.run;
  const count = (outcome: OptimizerIteration["outcome"]) => iterations.filter((iteration) => iteration.outcome === outcome).length;
  if (stop === "reflection_failed") {
    const last = [...iterations].reverse().find((iteration) => iteration.failure)?.failure ?? "no answer";
    return `The reflection model gave no usable instruction ${MAX_REFLECTION_FAILURES} times in a row; the last time: ${last}`;
  }
  if (nothingTried(iterations)) {
    return `No proposal could be tried on an example in ${plural(iterations.length, "iteration")}: ${count("reflection_failed")} reflections gave no usable instruction, ${count("guardrail")} broke a guardrail, ${count("no_change")} changed nothing, ${count("all_perfect")} minibatches were already perfect.`;
  }
  const reason =
    stop === "patience"
      ? `Stopped after ${config.patience} iterations in a row without an accepted candidate.`
      : stop === "converged"
        ? `Stopped after ${plural(iterations.length, "iteration")}: in the last ${CONVERGED_AFTER} the reflection had nothing new to propose; the calls left went to the final choice.`
        : `Stopped after ${plural(iterations.length, "iteration")}: the next one would pass the budget of ${config.budget} metric calls (${context.progress.metricCallsUsed} used${reserveNow(context) ? `, ${reserveNow(context)} kept for the final choice` : ""}).`;
  const accepted = count("accepted");
  const outcome = accepted === 0 ? " No candidate beat the seed on its minibatch and on the screening part of val, so the seed stays." : ` ${plural(accepted, "candidate")} accepted.`;
  return `${reason}${outcome} Outcomes: ${outcomesText(iterations)}.`;
}
