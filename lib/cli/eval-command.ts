import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { getDatasetByName } from "@/db/queries/datasets";
import { getEvalRun } from "@/db/queries/evaluations";
import { getPromptVersion } from "@/db/queries/prompts";
import { evalSplits, type EvalSplit } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatDelta, formatInterval, formatNumber, formatPercent } from "@/lib/format";
import { claimForThisProcess } from "@/lib/jobs/run-job";
import { runEvaluation } from "@/lib/judge/evaluate";
import { evaluationDetail } from "@/lib/judge/judge-overview";
import { readsNothing } from "@/lib/judge/reask";
import { startEvaluation } from "@/lib/judge/start-evaluation";
import { estimateCost } from "@/lib/llm/config";
import { modelClientsFor } from "@/lib/llm/model-clients";
import { listModels } from "@/lib/llm/model-list";
import { findModel, modelCost } from "@/lib/llm/models";
import { createModelRuntime } from "@/lib/llm/runtime";
import { noBetterThanBaseline, type JudgeMetrics } from "@/lib/metrics";
import type { CliIo } from "./output";

export const evalUsage = "attune eval --dataset NAME [--prompt ID|current] [--split train|val|test|all] [--concurrency N] [--allow-errors] [--json]";

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new AppError("bad_request", `${flag} must be a positive whole number, not "${value}".`);
  return number;
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
    },
  });
  if (!values.dataset) throw new AppError("bad_request", `usage: ${evalUsage}`);
  if (!evalSplits.includes(values.split as EvalSplit)) throw new AppError("bad_request", `--split must be one of ${evalSplits.join(", ")}, not "${values.split}".`);
  const split = values.split as EvalSplit;
  const concurrency = positiveInt(values.concurrency, "--concurrency");
  const dataset = getDatasetByName(db, values.dataset);

  const runtime = await createModelRuntime(db, env, concurrency ? { concurrency } : {});
  const models = modelClientsFor(db, env, runtime);
  try {
    const run = startEvaluation(db, env, dataset.id, { promptId: values.prompt, split, concurrency }, claimForThisProcess());
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
    const finished = await runEvaluation(db, run.id, { client }).finally(() => ticker && clearInterval(ticker));
    if (finished.status !== "done") throw new AppError("provider_unavailable", `Evaluation #${finished.id} ${finished.status}: ${finished.error ?? "no result"}`);

    const detail = evaluationDetail(db, finished.id);
    const metrics = finished.metrics as unknown as JudgeMetrics;
    const previousNmse = detail.previous?.nmse ?? null;
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
      previousNmse,
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
      io.out(
        `  NMSE ${formatNumber(metrics.nmse)}${result.deltaNmse === null ? "" : ` (${formatDelta(result.deltaNmse)} vs ${formatNumber(previousNmse)})`} · 95% ${formatInterval(metrics.nmseInterval)} · human noise floor ${formatNumber(detail.noiseFloor.nmse)}`,
      );
      if (metrics.baselineNmse !== null) {
        const worse = noBetterThanBaseline(metrics.nmse, metrics.baselineNmse);
        io.out(`  ${worse ? "NO BETTER THAN A CONSTANT: " : ""}always answering ${metrics.baselineScore} scores NMSE ${formatNumber(metrics.baselineNmse)}`);
      }
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
    if ((finished.errors > 0 || readsNothing(finished)) && !values["allow-errors"]) {
      io.err(`${finished.error ?? `${finished.errors} judge calls failed after their retries.`} Pass --allow-errors to accept the result anyway.`);
      return 1;
    }
    return 0;
  } finally {
    await models.close();
    await runtime.close();
  }
}
