import type { RecordedJudgment } from "@/db/schema";
import { feedbackText } from "@/lib/feedback/feedback-text";
import type { PoolCandidate, RunContext } from "./context";
import type { ReflectionExample } from "./reflection-prompt";
import type { RunExample } from "./run-data";

/** The evidence a reflection prompt carries at most, in characters of example text (about 12k tokens). */
const EVIDENCE_CHAR_BUDGET = 48_000;

/** An example's share of the budget; without its inputs when only the humans' view of it is shown. */
const exampleSize = (example: RunExample, inputs = true) =>
  (inputs ? Object.values(example.inputs).reduce((sum, value) => sum + Math.min(value.length, 1500), 0) + 160 : 0) +
  example.rationales.reduce((sum, entry) => sum + entry.rationale.length + 30, 0) +
  40;

/**
 * The reflection's evidence: the minibatch as judged now, what the parent was judged on before, and
 * human-only examples, within a prompt budget; with the train examples it shows beside the minibatch.
 * A judge call that failed (a request too long for the judge model) says nothing about the
 * instruction and is left out. `compact`: every example but the minibatch without its inputs, so
 * that many more fit a reflection model with a small context window.
 */
export function reflectiveDataset(
  context: RunContext,
  parent: PoolCandidate,
  batch: number[],
  judgments: RecordedJudgment[],
  evidenceIds: number[],
  compact = false,
): { examples: ReflectionExample[]; shown: number[] } {
  const { data, inputFields } = context;
  const reviewed = (id: number) => data.feedback.byExample.get(id);
  const usable = (id: number, judgment: RecordedJudgment) => judgment.status !== "error" && reviewed(id)?.status !== "rejected";
  const judged = (id: number, judgment: RecordedJudgment, inputsLeftOut = false): ReflectionExample => {
    const example = data.examples.get(id)!;
    const generated = feedbackText({
      judgeScore: judgment.score,
      gold: example.gold,
      status: judgment.status,
      problem: judgment.problem,
      judgeReasoning: judgment.reasoning,
      judgeAnswer: judgment.answer,
      firstUnreadable: judgment.firstProblem ? { problem: judgment.firstProblem, answer: judgment.firstAnswer ?? "" } : null,
      rationales: example.rationales,
    });
    return {
      kind: "judged",
      inputFields,
      inputs: example.inputs,
      judgeScore: judgment.score,
      judgeReasoning: judgment.reasoning,
      feedback: reviewed(id)?.status === "accepted" ? reviewed(id)!.text : generated,
      ...(inputsLeftOut ? { inputsLeftOut } : {}),
    };
  };
  const earlier = [...(context.judged.get(parent.index) ?? new Map<number, RecordedJudgment>())].filter(([id, judgment]) => !batch.includes(id) && usable(id, judgment));
  // The parent's worst earlier judgments teach the most; they cost nothing now.
  const gap = ([id, judgment]: [number, RecordedJudgment]) => (judgment.score === null ? 4 : Math.abs(judgment.score - data.examples.get(id)!.gold));
  const earlierShown = earlier.sort((a, b) => gap(b) - gap(a)).slice(0, Math.max(0, evidenceIds.length));
  const shownIds = new Set([...batch, ...earlierShown.map(([id]) => id)]);
  let room =
    EVIDENCE_CHAR_BUDGET - batch.reduce((sum, id) => sum + exampleSize(data.examples.get(id)!), 0) - earlierShown.reduce((sum, [id]) => sum + exampleSize(data.examples.get(id)!, !compact), 0);
  const fits = (id: number) => {
    const size = exampleSize(data.examples.get(id)!, !compact);
    if (size > room) return false;
    room -= size;
    return true;
  };
  // Examples with the humans' words first; a score alone still shows where the humans stand.
  const withWords = (id: number) => (data.examples.get(id)!.rationales.length > 0 ? 0 : 1);
  // Without its inputs, an example without rationales would be a bare score.
  const humansOnly = evidenceIds
    .filter((id) => !shownIds.has(id) && reviewed(id)?.status !== "rejected" && !(compact && data.examples.get(id)!.rationales.length === 0))
    .slice(0, Math.max(0, evidenceIds.length - earlierShown.length))
    .sort((a, b) => withWords(a) - withWords(b))
    .filter(fits);
  const humans = humansOnly.map((id): ReflectionExample => {
    const example = data.examples.get(id)!;
    return { kind: "humans", inputFields, inputs: example.inputs, humanScore: example.gold, rationales: example.rationales, ...(compact ? { inputsLeftOut: true } : {}) };
  });
  return {
    examples: [
      ...batch.flatMap((id, index) => (usable(id, judgments[index]!) ? [judged(id, judgments[index]!)] : [])),
      ...earlierShown.map(([id, judgment]) => judged(id, judgment, compact)),
      ...humans,
    ],
    shown: [...earlierShown.map(([id]) => id), ...humansOnly],
  };
}
