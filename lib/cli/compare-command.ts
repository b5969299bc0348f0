import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import { getDatasetByName } from "@/db/queries/datasets";
import { resolvePrompt } from "@/db/queries/prompts";
import { evalSplits, type EvalSplit } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { formatNumber, formatPercent } from "@/lib/format";
import { compareModels } from "@/lib/judge/compare-models";
import { datasetModels, listModels } from "@/lib/llm/model-list";
import { findModel } from "@/lib/llm/models";
import type { CliIo } from "./output";

export const compareUsage = "attune compare --dataset NAME --models a,b,c [--split val] [--prompt ID|current] [--json]";

/** One prompt version on one split, judged by several models in turn: a row per model. */
export async function runCompare(db: Db, env: AttuneEnv, args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { dataset: { type: "string" }, models: { type: "string" }, split: { type: "string", default: "val" }, prompt: { type: "string" }, json: { type: "boolean", default: false } },
  });
  const configured = listModels(db, env);
  if (!values.dataset || !values.models) throw new AppError("bad_request", `usage: ${compareUsage}\nmodels: ${configured.map((model) => model.label).join(", ")}`);
  if (!evalSplits.includes(values.split as EvalSplit)) throw new AppError("bad_request", `--split must be one of ${evalSplits.join(", ")}, not "${values.split}".`);
  const labels = [
    ...new Set(
      values.models
        .split(",")
        .map((label) => label.trim())
        .filter(Boolean),
    ),
  ];
  const models = labels.map((label) => findModel(configured, label));
  const dataset = getDatasetByName(db, values.dataset);
  const prompt = resolvePrompt(db, dataset.id, values.prompt, datasetModels(db, env, dataset).judge.model);
  const rows = await compareModels(db, env, { datasetId: dataset.id, promptId: prompt.id, split: values.split as EvalSplit, models }, (label, run) => {
    if (!values.json) io.err(`  ${label}: judged ${run.done}/${run.total} · errors ${run.errors}`);
  });
  if (values.json) io.out(JSON.stringify({ dataset: dataset.name, promptId: prompt.id, split: values.split, rows }));
  else {
    io.out(`Prompt v${prompt.id} of "${dataset.name}" on the ${values.split} split:`);
    io.out("  model        NMSE  Δ best   κ      JSON ok  p95 ms   $/1k    dataset $");
    for (const row of rows)
      io.out(
        row.status !== "done"
          ? `  ${row.label.padEnd(11)} ${row.status}: ${row.error ?? "no result"}`
          : `  ${row.label.padEnd(11)} ${formatNumber(row.nmse).padStart(6)} ${formatNumber(row.deltaToBest).padStart(6)} ${formatNumber(row.kappa).padStart(6)} ${formatPercent(row.jsonValidRate).padStart(8)} ${String(row.p95LatencyMs ?? "—").padStart(7)} ${row.costPer1000.toFixed(4).padStart(8)} ${row.datasetCost.toFixed(4).padStart(9)}`,
      );
  }
  const failed = rows.filter((row) => row.status !== "done" || (row.errorRate ?? 0) > 0 || row.malformedRate === 1);
  if (failed.length > 0) {
    const why = (row: (typeof rows)[number]) => row.error ?? (row.status === "done" ? "some judge calls failed" : `the evaluation ${row.status}`);
    // The table has said why for a failed row; a row with figures, or the JSON, needs the reason here.
    for (const row of failed) io.err(`${row.label}: not a measurement${!values.json && row.status !== "done" ? "; see its row" : `: ${why(row)}`}`);
    return 1;
  }
  return 0;
}
