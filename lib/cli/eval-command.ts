import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { getDataset, getDatasetByName } from "@/db/queries/datasets";
import { activeEvalRun, getEvalRun } from "@/db/queries/evaluations";
import { getPromptVersion } from "@/db/queries/prompts";
import { evalSplits, type EvalRun, type EvalSplit } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatDelta, formatInterval, formatNumber, formatPercent } from "@/lib/format";
import { claimForThisProcess } from "@/lib/jobs/run-job";
import { runEvaluation } from "@/lib/judge/evaluate";
import { evaluationDetail } from "@/lib/judge/judge-overview";
import { startEvaluation } from "@/lib/judge/start-evaluation";
import { estimateCost } from "@/lib/llm/config";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { listModels } from "@/lib/llm/model-list";
import { findModel, modelCost } from "@/lib/llm/models";
import { createModelRuntime } from "@/lib/llm/runtime";
import { noBetterThanBaseline, type JudgeMetrics } from "@/lib/metrics";
import { untilInterrupted } from "./interrupt";
import type { CliIo } from "./output";

export const evalUsage =
  "attune eval --dataset NAME [--prompt ID|current] [--split train|val|test|all] [--concurrency N] [--allow-errors] [--json] · attune eval --resume RUN [--json] · attune cancel RUN --eval";

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new AppError("bad_request", `${flag} must be a positive whole number, not "${value}".`);
  return number;
}

/** How to go on with an evaluation left unfinished. */
export const unfinishedEvalHint = (runId: number) => `continue it with \`attune eval --resume ${runId}\`, or cancel it with \`attune cancel ${runId} --eval\`.`;

/** Starts an evaluation; one refused because another is unfinished says how to continue or cancel that one. */
function startOrExplain(db: Db, env: AttuneEnv, datasetId: number, input: Parameters<typeof startEvaluation>[3]): EvalRun {
  const active = activeEvalRun(db, datasetId);
  if (active) throw new AppError("conflict", `Evaluation #${active.id} of this dataset has not finished. If no process is running it any more, ${unfinishedEvalHint(active.id)}`);
  return startEvaluation(db, env, datasetId, input, claimForThisProcess());
}

export async function runEval(db: Db, env: AttuneEnv, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dataset: { type: "string" },
      prompt: { type: "string" },
      split: { type: "string", default: "val" },
      concurrency: { type: "string" },
      json: { type: "boolean", default: false },
      "allow-errors": { type: "boolean", default: false },
      resume: { type: "string" },
    },
  });
  const resumeId = positiveInt(values.resume, "--resume");
  if (!values.dataset && resumeId === undefined) throw new AppError("bad_request", `usage: ${evalUsage}`);
  // A resumed evaluation goes on as it was started: its dataset, prompt and split are its own.
  if (resumeId !== undefined && (values.dataset !== undefined || values.prompt !== undefined || args.some((arg) => arg === "--split" || arg.startsWith("--split="))))
    throw new AppError("bad_request", "--resume continues an evaluation as it was started: leave out --dataset, --prompt and --split.");
  if (!evalSplits.includes(values.split as EvalSplit)) throw new AppError("bad_request", `--split must be one of ${evalSplits.join(", ")}, not "${values.split}".`);
  const concurrency = positiveInt(values.concurrency, "--concurrency");
  const resumed = resumeId === undefined ? null : getEvalRun(db, resumeId);
  if (resumed && resumed.status !== "queued" && resumed.status !== "running") throw new AppError("conflict", `Evaluation #${resumed.id} has ended (${resumed.status}); there is nothing to resume.`);
  const dataset = resumed ? getDataset(db, resumed.datasetId) : getDatasetByName(db, values.dataset!);

  const runtime = await createModelRuntime(db, env, concurrency ? { concurrency } : {});
  const models = modelClientsFor(db, env, runtime);
  try {
    const run = resumed ?? startOrExplain(db, env, dataset.id, { promptId: values.prompt, split: values.split as EvalSplit, concurrency });
    const split = run.split;
    const prompt = getPromptVersion(db, run.promptId);
    const configured = run.modelLabel === null ? null : findModel(listModels(db, env), run.modelLabel);
    const started = Date.now();
    const ticker = values.json
      ? null
      : setInterval(() => {
          const live = getEvalRun(db, run.id);
          io.err(`  judged ${live.done}/${live.total} · model calls ${live.modelCalls} · cache hits ${live.cacheHits} · errors ${live.errors}`);
        }, 1000);
    const client = await models.clientFor(run.modelLabel);
    const hint = () => `Evaluation #${run.id} stays unfinished: ${unfinishedEvalHint(run.id)}`;
    const outcome = await untilInterrupted(io, hint, () => runEvaluation(db, run.id, { client })).finally(() => ticker && clearInterval(ticker));
    if (!("value" in outcome)) return outcome.exitCode;
    const finished = outcome.value;
    if (finished.status !== "done") throw new AppError("provider_unavailable", `Evaluation #${finished.id} ${finished.status}: ${finished.error ?? "no result"}`);

    const detail = evaluationDetail(db, finished.id);
    const metrics = finished.metrics as unknown as JudgeMetrics;
    // Not one answer readable: the NMSE would measure the answer format, so there is none to give.
    const measured = finished.done - finished.errors - finished.malformed > 0;
    const previousNmse = measured ? (detail.previous?.nmse ?? null) : null;
    const result = {
      runId: finished.id,
      dataset: dataset.name,
      promptId: prompt.id,
      split,
      model: finished.model,
      modelLabel: run.modelLabel,
      simulated: configured ? configured.baseURL === null : runtime.provider.simulated,
      status: finished.status,
      ...metrics,
      measured,
      ...(measured ? {} : { nmse: null, nmseInterval: null }),
      problem: finished.error,
      previousNmse,
      previousRunId: detail.previous?.id ?? null,
      previousPromptId: detail.previous?.promptId ?? null,
      deltaNmse: previousNmse === null ? null : metrics.nmse - previousNmse,
      noiseFloor: { nmse: detail.noiseFloor.nmse, interval: detail.noiseFloor.interval, alpha: detail.noiseFloor.alpha, labels: detail.noiseFloor.pairedLabels },
      modelCalls: finished.modelCalls,
      cacheHits: finished.cacheHits,
      retries: finished.retries,
      errors: finished.errors,
      malformed: finished.malformed,
      /** Judgments whose first answer could not be read, so the model was asked again. */
      reasked: finished.reasked,
      tokensIn: finished.tokensIn,
      tokensOut: finished.tokensOut,
      costUsd: configured ? modelCost(configured, finished.tokensIn, finished.tokensOut) : estimateCost(runtime.provider.pricePerMTok, finished.tokensIn, finished.tokensOut),
      durationMs: Date.now() - started,
      /** What the client learned about the provider (a refused response format, a larger token limit), said once. */
      notices: client.noticesFor(finished.model),
    };
    if (values.json) io.out(JSON.stringify(result));
    else {
      io.out(`Evaluation #${result.runId}: ${dataset.name}, prompt v${prompt.id}, ${split} split, ${result.model}${result.simulated ? " (simulated)" : ""}`);
      const previous = detail.previous;
      const against = previous ? `vs ${formatNumber(previousNmse)}, evaluation #${previous.id}${previous.promptId === prompt.id ? "" : ` of prompt v${previous.promptId}`}` : "";
      if (!measured) io.out(`  no NMSE: ${finished.error ?? "not one answer could be read"}`);
      else
        io.out(
          `  NMSE ${formatNumber(metrics.nmse)}${result.deltaNmse === null ? "" : ` (${formatDelta(result.deltaNmse)} ${against})`} · 95% ${formatInterval(metrics.nmseInterval)} · human noise floor ${formatNumber(detail.noiseFloor.nmse)}`,
        );
      if (measured && metrics.baselineNmse !== null) {
        const worse = noBetterThanBaseline(metrics.nmse, metrics.baselineNmse);
        io.out(`  ${worse ? "NO BETTER THAN A CONSTANT: " : ""}always answering ${metrics.baselineScore} scores NMSE ${formatNumber(metrics.baselineNmse)}`);
      }
      if (measured)
        io.out(
          `  n ${metrics.n} · MAE ${formatNumber(metrics.mae)} · exact ${formatPercent(metrics.exactAgreement)} · within 1 ${formatPercent(metrics.within1Agreement)} · κ ${formatNumber(metrics.kappa)} · Spearman ${formatNumber(metrics.spearman)} · bias ${metrics.bias === null ? "—" : formatDelta(metrics.bias)}`,
        );
      io.out(
        `  malformed ${formatPercent(metrics.malformedRate)} · re-asked ${result.reasked} · errors ${formatPercent(metrics.errorRate)} · model calls ${result.modelCalls} · cache hits ${result.cacheHits} · retries ${result.retries} · ${(result.durationMs / 1000).toFixed(1)} s`,
      );
      for (const notice of result.notices) io.out(`  note: ${notice}`);
    }
    // Judgments that failed are counted as the largest error, and with not one answer readable the NMSE
    // measures the format: a script must not take either for a measurement.
    if ((finished.errors > 0 || !measured) && !values["allow-errors"]) {
      // The text output has just said why; JSON readers get the reason here.
      const why = values.json || measured ? `${finished.error ?? `${finished.errors} judge calls failed after their retries.`} ` : "";
      io.err(`${why}Pass --allow-errors to accept the result anyway.`);
      return 1;
    }
    return 0;
  } finally {
    await models.close();
    await runtime.close();
  }
}
