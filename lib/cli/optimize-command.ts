import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { getDatasetByName, listDatasets } from "@/db/queries/datasets";
import { activeEvalRun } from "@/db/queries/evaluations";
import { getOptimizerRun, listOptimizerRuns, reopenOptimizerRun, runCandidates, runIterations } from "@/db/queries/optimizer";
import type { OptimizerRun } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatNumber, formatPercent, plural } from "@/lib/format";
import { cancelEvaluation, cancelOptimization } from "@/lib/jobs/cancel";
import { outcomesText } from "@/lib/optimizer/strategies/stopping";
import { jobHealth } from "@/lib/jobs/health";
import { isDeadOwner } from "@/lib/jobs/owner";
import { claimForThisProcess } from "@/lib/jobs/run-job";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { createModelRuntime } from "@/lib/llm/runtime";
import { optimizerClients } from "@/lib/optimizer/clients";
import { runOptimizer } from "@/lib/optimizer/runner";
import { iterationLog, optimizerSummary, outcomeCounts } from "@/lib/optimizer/run-view";
import { scoredOn } from "@/lib/optimizer/finalize";
import { optimizeInputSchema } from "@/lib/optimizer/schemas";
import { optimizeDataset } from "@/lib/optimizer/start-optimization";
import { positiveInt, unfinishedEvalHint } from "./eval-command";
import { untilInterrupted } from "./interrupt";
import type { CliIo } from "./output";

export const optimizeUsage =
  "attune optimize --dataset NAME [--budget N] [--seed N] [--minibatch N] [--patience N|0] [--evidence N] [--merge] [--prompt ID] [--judge-model LABEL [--reference LABEL]] [--json]";
export const runsUsage = "attune runs [--dataset NAME] [--json] · attune resume RUN [--json] · attune cancel RUN [--eval]";

function report(db: Db, io: CliIo, run: OptimizerRun, json: boolean): number {
  const iterations = runIterations(db, run.id);
  const summary = optimizerSummary(run, iterations);
  if (json) io.out(JSON.stringify({ ...summary, log: iterationLog(iterations, runCandidates(db, run.id)) }));
  else {
    const rejected = run.rejectedByGuardrails;
    const outcomes = outcomeCounts(iterations);
    io.out(`Optimizer run #${run.id}: ${run.status}${run.stopReason ? ` (${run.stopReason})` : ""}`);
    for (const notice of run.notices) io.out(`  note: ${notice}`);
    // A failed run's reason is the command's error message, below; said once.
    if (run.stopDetail && run.status !== "failed") io.out(`  ${run.stopDetail}`);
    if (run.status === "done") {
      const chosen = runCandidates(db, run.id).find((candidate) => candidate.index === run.bestCandidate);
      const part = chosen && chosen.valScores.some((score) => score === null) ? ` (the final choice's on ${scoredOn(chosen.valScores, run.valIds.length)})` : "";
      io.out(`  val NMSE ${formatNumber(run.valNmseBefore)} → ${formatNumber(run.valNmseAfter)}${part} · test NMSE ${formatNumber(run.testNmseBefore)} → ${formatNumber(run.testNmseAfter)}`);
    } else io.out(`  no final figures: the run ${run.status === "failed" ? "failed" : "was cancelled"} before its final choice`);
    io.out(`  ${plural(run.iterations, "iteration")}: ${outcomes.accepted} accepted, ${outcomesText(iterations)}`);
    io.out(
      `  ${run.metricCallsUsed}/${run.config.budget} metric calls (${run.judgeReasks} of them with a re-ask after an unreadable answer) · ${plural(run.reflectionCalls, "reflection call")} (not in the budget)`,
    );
    io.out(
      `  ${plural(summary.refusedProposals, "proposal")} refused by guardrails, ${plural(summary.repeatedProposals, "proposal")} set aside as repeats; violations: scale ${rejected.scale}, output contract ${rejected.outputContract}, leakage ${rejected.leakage}, length ${rejected.length}`,
    );
    if (run.finalSelection) io.out(`  final choice: candidate #${run.finalSelection.chosen} (${run.finalSelection.rule})`);
    const adaptation = run.adaptation;
    if (adaptation) {
      const line = (what: string, measure: { nmse: number; jsonValidRate: number; reaskRate?: number }) =>
        `  ${what.padEnd(28)} test NMSE ${formatNumber(measure.nmse).padStart(6)} · JSON-valid ${formatPercent(measure.jsonValidRate)} · re-asked ${formatPercent(measure.reaskRate ?? null)}`;
      io.out(line(`${adaptation.before.label ?? adaptation.before.model}, before`, adaptation.before));
      io.out(line(`${adaptation.after.label ?? adaptation.after.model}, adapted`, adaptation.after));
      if (adaptation.reference) io.out(line(`${adaptation.reference.label ?? adaptation.reference.model}, reference`, adaptation.reference));
    }
    if (run.bestPromptId !== null && run.bestPromptId !== run.seedPromptId)
      io.out(`  best: prompt v${run.bestPromptId} (promote it on the optimize page, or export it with attune export --prompt ${run.bestPromptId})`);
  }
  if (run.status === "failed") throw new AppError("provider_unavailable", `Optimizer run #${run.id} failed: ${run.stopDetail ?? run.error}`);
  return run.status === "done" ? 0 : 1;
}

/** What an interrupted run leaves: the run paused, or, once it is done, the evaluation of its chosen version unfinished. */
function interruptedHint(db: Db, runId: number): string {
  const run = getOptimizerRun(db, runId);
  if (run.status !== "done") return `Optimizer run #${runId} is paused at its last saved iteration: continue it with \`attune resume ${runId}\`, or cancel it with \`attune cancel ${runId}\`.`;
  const left = activeEvalRun(db, run.datasetId);
  return `Optimizer run #${runId} had finished; ${left ? `evaluation #${left.id} of its chosen version stays unfinished: ${unfinishedEvalHint(left.id)}` : "only the evaluation of its chosen version was stopped."}`;
}

async function execute(db: Db, env: AttuneEnv, runId: number, io: CliIo, json: boolean): Promise<number> {
  const runtime = await createModelRuntime(db, env);
  const models = modelClientsFor(db, env, runtime);
  const ticker = json
    ? null
    : setInterval(() => {
        const live = getOptimizerRun(db, runId);
        io.err(`  iteration ${live.iterations} · ${live.metricCallsUsed}/${live.config.budget} calls · accepted ${live.accepted} · best on all of val: NMSE ${formatNumber(live.valNmseAfter)}`);
      }, 1000);
  try {
    const clients = await optimizerClients(models, getOptimizerRun(db, runId).config);
    const outcome = await untilInterrupted(
      io,
      () => interruptedHint(db, runId),
      () => runOptimizer(db, runId, clients),
    );
    if ("value" in outcome) return report(db, io, outcome.value, json);
    // Stopped while its chosen version was being evaluated: the run itself is done, and says so.
    const now = getOptimizerRun(db, runId);
    if (now.status === "done") report(db, io, now, json);
    return outcome.exitCode;
  } finally {
    if (ticker) clearInterval(ticker);
    await models.close();
    await runtime.close();
  }
}

export async function runOptimize(db: Db, env: AttuneEnv, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dataset: { type: "string" },
      budget: { type: "string" },
      seed: { type: "string" },
      minibatch: { type: "string" },
      patience: { type: "string" },
      evidence: { type: "string" },
      merge: { type: "boolean", default: false },
      "judge-model": { type: "string" },
      reference: { type: "string" },
      prompt: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.dataset) throw new AppError("bad_request", `usage: ${optimizeUsage}`);
  const seedValue = values.seed === undefined ? undefined : Number(values.seed);
  if (seedValue !== undefined && !Number.isSafeInteger(seedValue)) throw new AppError("bad_request", `--seed must be a whole number, not "${values.seed}".`);
  const parsed = optimizeInputSchema.safeParse({
    budget: positiveInt(values.budget, "--budget"),
    seed: seedValue,
    minibatchSize: positiveInt(values.minibatch, "--minibatch"),
    // --patience 0 searches until the budget ends.
    patience: values.patience === "0" ? null : positiveInt(values.patience, "--patience"),
    evidenceSize: values.evidence === undefined ? undefined : Number(values.evidence),
    merge: values.merge,
  });
  if (!parsed.success) throw new AppError("bad_request", parsed.error.issues.map((issue) => `${FLAGS[String(issue.path[0])] ?? "a setting"}: ${issue.message}.`).join(" "));
  const settings = parsed.data;
  const dataset = getDatasetByName(db, values.dataset);
  const run = optimizeDataset(db, env, dataset.id, settings, {
    judgeLabel: values["judge-model"],
    referenceLabel: values.reference,
    promptId: positiveInt(values.prompt, "--prompt"),
    claim: claimForThisProcess(),
  });
  if (!values.json) io.err(`Optimizer run #${run.id} on "${dataset.name}" from prompt v${run.seedPromptId}: budget ${settings.budget}, seed ${settings.seed}, minibatch ${settings.minibatchSize}.`);
  return execute(db, env, run.id, io, values.json);
}

/** The command line's name for each optimizer setting, for messages about a value. */
const FLAGS: Record<string, string> = { budget: "--budget", seed: "--seed", minibatchSize: "--minibatch", patience: "--patience", evidenceSize: "--evidence" };

function runIdArg(value: string | undefined, usage: string): number {
  const id = Number(value);
  if (!value || !Number.isSafeInteger(id) || id < 1) throw new AppError("bad_request", `usage: ${usage}`);
  return id;
}

/** A run nobody is working on (its process stopped or was interrupted) is paused, for `attune resume`, not running. */
function shownStatus(db: Db, run: OptimizerRun): string {
  if (run.status !== "running") return run.status;
  return jobHealth(db, "optimization", run.id).state === "running" ? run.status : "paused";
}

export function runRuns(db: Db, args: string[], io: CliIo): number {
  const { values } = parseArgs({ args, options: { dataset: { type: "string" }, json: { type: "boolean", default: false } } });
  const datasetId = values.dataset ? getDatasetByName(db, values.dataset).id : undefined;
  const runs = listOptimizerRuns(db, datasetId);
  const names = new Map(listDatasets(db).map((dataset) => [dataset.id, dataset.name]));
  if (values.json)
    io.out(
      JSON.stringify({
        runs: runs.map((run) => ({ ...optimizerSummary(run, runIterations(db, run.id)), datasetId: run.datasetId, dataset: names.get(run.datasetId) ?? null, createdAt: run.createdAt.toISOString() })),
      }),
    );
  else if (runs.length === 0) io.out("No optimizer runs yet.");
  else
    for (const run of runs)
      io.out(
        `#${run.id}  ${shownStatus(db, run).padEnd(9)} ${JSON.stringify(names.get(run.datasetId) ?? `dataset ${run.datasetId}`)}  val ${formatNumber(run.valNmseBefore)} → ${formatNumber(run.valNmseAfter)}  ${run.iterations} iterations  ${run.metricCallsUsed}/${run.config.budget} calls${run.stopReason ? `  stopped: ${run.stopReason}` : ""}`,
      );
  return 0;
}

export async function runResume(db: Db, env: AttuneEnv, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
  const runId = runIdArg(positionals[0], "attune resume RUN [--json]");
  // Refused while a live process (a server, a worker, another CLI) holds the run's job.
  reopenOptimizerRun(db, runId, claimForThisProcess(), isDeadOwner);
  return execute(db, env, runId, io, values.json);
}

export function runCancel(db: Db, args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { eval: { type: "boolean", default: false } } });
  const runId = runIdArg(positionals[0], "attune cancel RUN [--eval]");
  if (values.eval) {
    const evaluation = cancelEvaluation(db, runId);
    io.out(evaluation.status === "cancelled" ? `Evaluation #${runId} is cancelled.` : `Cancel requested for evaluation #${runId}; the process running it stops within a second or two.`);
    return 0;
  }
  const run = cancelOptimization(db, runId);
  io.out(run.status === "cancelled" ? `Optimizer run #${run.id} is cancelled.` : `Cancel requested for optimizer run #${run.id}; the process running it stops within a second or two.`);
  return 0;
}
