import type { GuardrailAttempt, IterationKind, IterationOutcome, RecordedJudgment, RepeatedProposal, ScreenRecord } from "@/db/schema";
import { canSpend, canSpendKeeping, countUnreadable, recordJudgments, recordScreened, spend, valIdsAt, type PoolCandidate, type RunContext } from "./context";
import { checkGuardrails, type GuardrailViolation } from "./guardrails";
import { proposeInstruction } from "./proposer";
import { askReflection } from "./ask-reflection";
import { reflectiveDataset } from "./reflective-dataset";
import { buildMergeMessages, buildReflectionMessages } from "./reflection-prompt";
import { judgeMinibatch, passesScreening, screeningTied, screeningTooClose } from "./strategies/acceptance";
import { evidenceFor, minibatchFor, parentDraw } from "./strategies/batch-sampler";
import { chooseParent } from "./strategies/candidate-selector";
import { MERGE_PROBE_SIZE, MIN_SCREENING } from "./strategies/eval-policy";
import { comparedPositions, nmseAt, SCORE_TOLERANCE } from "./strategies/val-scores";

/** One iteration as it is committed: its row, the candidate it adds, if any, and a parent's new val scores. */
export interface IterationResult {
  kind: IterationKind;
  parentIndex: number;
  mergeParentIndex: number | null;
  minibatch: number[];
  parentScores: number[];
  parentJudgments: RecordedJudgment[];
  childScores: number[] | null;
  childJudgments: RecordedJudgment[] | null;
  evidenceIds: number[];
  outcome: IterationOutcome;
  proposal: string | null;
  failure: string | null;
  guardrailAttempts: GuardrailAttempt[];
  repeats: RepeatedProposal[];
  screen: ScreenRecord | null;
  child: PoolCandidate | null;
  /** The parent with the val scores it earned settling a tie with its child. */
  rescored: PoolCandidate | null;
}

function blank(kind: IterationKind, parentIndex: number): IterationResult {
  return {
    kind,
    parentIndex,
    mergeParentIndex: null,
    minibatch: [],
    parentScores: [],
    parentJudgments: [],
    childScores: null,
    childJudgments: null,
    evidenceIds: [],
    outcome: "no_change",
    proposal: null,
    failure: null,
    guardrailAttempts: [],
    repeats: [],
    screen: null,
    child: null,
    rescored: null,
  };
}

const isDuplicate = (context: RunContext, instruction: string) => context.candidates.some((candidate) => candidate.instruction === instruction);

/**
 * Whether a reflection's proposal would teach nothing if it were judged: the parent unchanged, a
 * candidate the pool already has, or an instruction that did no better than this parent on val
 * before (its val scores would be the same again). Recorded on the iteration.
 */
function repeatCheck(context: RunContext, parent: PoolCandidate, instruction: string, result: IterationResult): RepeatedProposal["kind"] | null {
  const kind = instruction === parent.instruction ? "unchanged" : isDuplicate(context, instruction) ? "kept" : context.tried.get(instruction)?.failedFrom.has(parent.index) ? "tried" : null;
  if (kind) result.repeats.push({ proposal: instruction, kind });
  return kind;
}

/** What the reflection is told when it is asked again after a repeat. */
const REPEAT_REASONS: Record<RepeatedProposal["kind"], string> = {
  unchanged: "it is the current instruction unchanged; propose a change that brings the judge closer to the humans",
  kept: "it is an instruction this run has already kept; propose a different change",
  tried: "it was tried before and did no better than the current instruction on held-out examples; propose a different change",
};

function guardrailCheck(context: RunContext, instruction: string, result: IterationResult): GuardrailViolation[] {
  const violations = checkGuardrails(instruction, context.guardrails, context.leakage);
  if (violations.length > 0) {
    result.guardrailAttempts.push({ proposal: instruction, violations });
    for (const violation of violations) context.progress.rejectedByGuardrails[violation.kind]++;
  }
  return violations;
}

/**
 * Scores a child that won or tied its minibatch (or a merge that won its probe) on the screening
 * part of val, against its parent there, or on as much of the part as the budget leaves beside the
 * calls kept for the final choice; one that only tied the minibatch and ties there too goes on to
 * the next part of val, as does a minibatch winner that lost the part by less than the noise there
 * (unless unreadable answers count), and both parts decide. A child that holds up joins the pool, scored on all of val when the budget
 * is large, and otherwise on the parts it was judged on, the rest of val going to the finalists.
 */
async function screenOnVal(
  context: RunContext,
  result: IterationResult,
  instruction: string,
  parent: PoolCandidate,
  known: Map<number, number | null>,
  iteration: number,
  strictly = false,
): Promise<void> {
  // Scores the same instruction earned when it was tried before are not judged again.
  const reusedAt = new Set<number>();
  for (const [position, score] of context.tried.get(instruction)?.val ?? []) {
    if (known.has(position)) continue;
    known.set(position, score);
    reusedAt.add(position);
  }
  let screening = context.valOrder.slice(0, context.screenSize);
  // A part that fits beside what the pool's finalists still need is judged whole, even when a child
  // accepted there could not then earn all of val: the final choice gives it what is left, and
  // partly scored it must beat a fully scored candidate by more than a standard error (measured on
  // the benchmark: the one more child this screens carried a missing criterion). When the part does
  // not fit, as much of it as is left beside the whole reserve, if that is enough to tell.
  const unknown = screening.filter((position) => !known.has(position));
  const room = context.run.config.budget - context.reserve - context.progress.metricCallsUsed;
  const cut = !canSpend(context, unknown.length) && room >= MIN_SCREENING && room < unknown.length ? unknown.length - room : 0;
  if (cut > 0) screening = screening.filter((position) => known.has(position) || unknown.indexOf(position) < room);
  const scoreOn = async (positions: number[], paidFor = false) => {
    const todo = positions.filter((position) => !known.has(position));
    if (!paidFor && !canSpend(context, todo.length)) return null;
    const screened = await context.adapter.judge(instruction, valIdsAt(context, todo));
    spend(context, todo.length);
    todo.forEach((position, index) => known.set(position, screened.scores[index]!));
    return todo.length;
  };
  let against = parent;
  // As on the minibatch, an answer that could not be read on either side says nothing about the instruction.
  const compare = () => {
    const childScores = context.run.valIds.map((_, position) => known.get(position) ?? null);
    const compared = comparedPositions(childScores, against.valScores, countUnreadable(context), screening);
    return { positions: compared, child: compared.map((position) => known.get(position)!), parent: compared.map((position) => against.valScores[position]!) };
  };
  if ((await scoreOn(screening)) === null) return void (result.outcome = "no_budget");
  // Once the next part is added, the examples a cut left out have been judged with it.
  const noted = (compared: ReturnType<typeof compare>, extended = false) => {
    const reused = screening.filter((position) => reusedAt.has(position)).length;
    return { ...compared, ...(cut > 0 && !extended ? { cut } : {}), ...(reused > 0 ? { reused } : {}) };
  };
  let screen: ScreenRecord = noted(compare());
  result.screen = screen;
  const tooClose = () => result.kind === "reflection" && !countUnreadable(context) && screeningTooClose(screen.child, screen.parent);
  if (strictly ? screeningTied(screen.child, screen.parent) : tooClose()) {
    // A tie on both the minibatch and the screening says nothing either way (a new criterion may
    // touch none of those examples), and a minibatch winner a little worse on the screening part
    // than the noise there may still be better (unless unreadable answers count: a child that breaks
    // the format more often is worse, however noisy that looks): the rest of the screening part, if
    // the budget cut it short, and the next part of val decide. A parent scored on the screening part alone is judged there
    // too. This may take calls kept for the final choice, as long as a part's worth is left for it:
    // a tie left standing would throw the child away untried.
    const more = context.valOrder.slice(0, 2 * context.screenSize).filter((position) => !screening.includes(position));
    const parentTodo = more.filter((position) => against.valScores[position] === null);
    const cost = parentTodo.length + more.filter((position) => !known.has(position)).length;
    // Only a tie may take calls kept for the final choice: a close loss has shown something already.
    if (more.length > 0 && (canSpend(context, cost) || (strictly && canSpendKeeping(context, cost, context.screenSize)))) {
      if (parentTodo.length > 0) {
        const judged = await context.adapter.judge(against.instruction, valIdsAt(context, parentTodo));
        spend(context, parentTodo.length);
        const valScores = [...against.valScores];
        parentTodo.forEach((position, index) => (valScores[position] = judged.scores[index]!));
        against = result.rescored = { ...against, valScores, valNmse: nmseAt(valScores) };
      }
      await scoreOn(more, true);
      screening = [...screening, ...more];
      screen = { ...noted(compare(), true), extended: more.length, ...(parentTodo.length > 0 ? { parentJudged: parentTodo.length } : {}) };
      result.screen = screen;
    }
  }
  if (!passesScreening(screen.child, screen.parent, strictly)) {
    if (result.kind === "reflection") recordScreened(context, instruction, parent.index, screen);
    return void (result.outcome = strictly ? "rejected" : "screened_out");
  }
  if (context.fullValOnAcceptance) {
    const rest = context.valOrder.filter((position) => !known.has(position));
    if (rest.length > 0 && canSpend(context, rest.length)) {
      const scored = await context.adapter.judge(instruction, valIdsAt(context, rest));
      spend(context, rest.length);
      rest.forEach((position, index) => known.set(position, scored.scores[index]!));
    }
  }
  const valScores = context.run.valIds.map((_, position) => known.get(position) ?? null);
  result.outcome = "accepted";
  result.child = {
    index: context.candidates.length,
    instruction,
    parentIndex: result.parentIndex,
    mergeParentIndex: result.mergeParentIndex,
    origin: result.kind === "merge" ? "merge" : "reflection",
    valScores,
    valNmse: nmseAt(valScores),
    iteration,
  };
}

/** GEPA's reflective mutation: judge the parent on a minibatch, ask for a better instruction, keep it only if it does better. */
export async function reflectionIteration(context: RunContext, iteration: number): Promise<IterationResult | null> {
  const { run, adapter } = context;
  const { config } = run;
  const parent = context.candidates.find((candidate) => candidate.index === chooseParent(context.candidates, parentDraw(config.seed, iteration)))!;
  const batch = minibatchFor(run.trainIds, config.seed, iteration, config.minibatchSize);
  if (!canSpend(context, 2 * batch.length)) return null;
  const result = blank("reflection", parent.index);
  const parentRun = await adapter.judge(parent.instruction, batch);
  spend(context, batch.length);
  recordJudgments(context, parent.index, batch, parentRun.judgments);
  Object.assign(result, { minibatch: batch, parentScores: parentRun.scores, parentJudgments: parentRun.judgments });
  if (result.parentScores.every((score) => score >= 1 - SCORE_TOLERANCE)) return { ...result, outcome: "all_perfect" };

  // When the reflection model's window limits the examples a prompt shows, iterations move on by as many as the last one showed, so successive prompts show the train examples in turn.
  const fit = context.progress.reflectionWindow;
  const size = fit && fit.promptChars === undefined ? Math.min(config.evidenceSize ?? 0, fit.evidence) : (config.evidenceSize ?? 0);
  const evidenceIds = evidenceFor(run.trainIds, batch, config.seed, iteration, size, fit ? (fit.stride ?? fit.evidence) : size);
  const prompt = (ids: number[], compact: boolean, rejected?: { instruction: string; reason: string }) => {
    const { examples, shown } = reflectiveDataset(context, parent, batch, parentRun.judgments, ids, compact);
    return { messages: buildReflectionMessages({ instruction: parent.instruction, examples, maxLength: config.maxLength, rules: context.data.feedback.rules, rejected }), shown };
  };
  let { proposal, shown } = await askReflection(context, evidenceIds, prompt);
  result.evidenceIds = shown;
  // (After a first answer that was asked again with half the examples, the next iteration moves on by that half.)
  const window = context.progress.reflectionWindow;
  if (window) context.progress.reflectionWindow = { ...window, stride: Math.max(1, shown.filter((id) => evidenceIds.includes(id)).length) };
  let violations = proposal.instruction ? guardrailCheck(context, proposal.instruction, result) : [];
  let repeat = proposal.instruction && violations.length === 0 ? repeatCheck(context, parent, proposal.instruction, result) : null;
  if (proposal.instruction && (violations.length > 0 || repeat !== null)) {
    // One retry, told why the first proposal was refused or would teach nothing.
    const rejected = { instruction: proposal.instruction, reason: repeat ? REPEAT_REASONS[repeat] : violations.map((violation) => violation.reason).join("; ") };
    ({ proposal, shown } = await askReflection(context, evidenceIds, (ids, compact) => prompt(ids, compact, rejected)));
    result.evidenceIds = shown;
    violations = proposal.instruction ? guardrailCheck(context, proposal.instruction, result) : [];
    repeat = proposal.instruction && violations.length === 0 ? repeatCheck(context, parent, proposal.instruction, result) : null;
  }
  if (proposal.failure !== undefined) return { ...result, outcome: "reflection_failed", failure: proposal.failure };
  result.proposal = proposal.instruction;
  if (violations.length > 0) return { ...result, outcome: "guardrail" };
  if (repeat !== null) return { ...result, outcome: "no_change" };

  const childRun = await adapter.judge(proposal.instruction, batch);
  spend(context, batch.length);
  Object.assign(result, { childScores: childRun.scores, childJudgments: childRun.judgments });
  const verdict = judgeMinibatch({ scores: result.parentScores, judgments: parentRun.judgments }, { scores: result.childScores!, judgments: childRun.judgments }, countUnreadable(context));
  if (!verdict.accepted && !verdict.tied) return { ...result, outcome: "rejected" };
  await screenOnVal(context, result, proposal.instruction, parent, new Map(), iteration, !verdict.accepted);
  if (result.child) recordJudgments(context, result.child.index, batch, childRun.judgments);
  return result;
}

/**
 * GEPA's merge for a single instruction: the reflection model writes one instruction from two
 * complementary candidates; it is tried on a few val examples where they differ and kept if it
 * does at least as well as the better of them there.
 */
export async function mergeIteration(context: RunContext, iteration: number, pair: { a: number; b: number; differing: number[] }): Promise<IterationResult> {
  const first = context.candidates.find((candidate) => candidate.index === pair.a)!;
  const second = context.candidates.find((candidate) => candidate.index === pair.b)!;
  const result = { ...blank("merge", first.index), mergeParentIndex: second.index };
  const proposal = await proposeInstruction(
    context.client,
    context.run.config.reflectionModel,
    buildMergeMessages({ first: first.instruction, second: second.instruction, maxLength: context.run.config.maxLength }),
    context.signal,
  );
  context.progress.reflectionCalls++;
  if (proposal.failure !== undefined) return { ...result, outcome: "reflection_failed", failure: proposal.failure };
  result.proposal = proposal.instruction;
  if (guardrailCheck(context, proposal.instruction, result).length > 0) return { ...result, outcome: "guardrail" };
  if (isDuplicate(context, proposal.instruction)) return { ...result, outcome: "no_change", repeats: [{ proposal: proposal.instruction, kind: "kept" }] };
  const order = new Map(context.valOrder.map((position, rank) => [position, rank]));
  const probe = [...pair.differing].sort((x, y) => order.get(x)! - order.get(y)!).slice(0, MERGE_PROBE_SIZE);
  if (!canSpend(context, probe.length)) return { ...result, outcome: "no_budget" };
  const probed = await context.adapter.judge(proposal.instruction, valIdsAt(context, probe));
  spend(context, probe.length);
  const sumAtProbe = (scores: readonly (number | null)[]) => probe.reduce((sum, position) => sum + (scores[position] ?? 0), 0);
  const mergedSum = probed.scores.reduce<number>((sum, score) => sum + (score ?? 0), 0);
  const better = sumAtProbe(first.valScores) >= sumAtProbe(second.valScores) ? first : second;
  result.screen = { positions: probe, child: probed.scores.map((score) => score ?? 0), parent: probe.map((position) => better.valScores[position] ?? 0) };
  if (mergedSum + SCORE_TOLERANCE < sumAtProbe(better.valScores)) return { ...result, outcome: "rejected" };
  await screenOnVal(context, result, proposal.instruction, better, new Map(probe.map((position, index) => [position, probed.scores[index]!])), iteration);
  return result;
}
