import type { Db } from "@/db/client";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { getPromptVersion, setCurrentPrompt } from "@/db/queries/prompts";
import type { OptimizerRun, PromptVersion } from "@/db/schema";
import type { AttuneEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertModelAllowed, listModels } from "@/lib/llm/model-list";
import { versionAdaptation } from "./adaptation";

/**
 * Makes a version its dataset's current one. A version adapted for another model also makes that
 * model the dataset's judge, in the same write: the instruction was chosen for it, and judging it
 * with another model would measure something else. Refused when that model is no longer configured,
 * is now another model under the same label, or is one the server no longer allows.
 * `promotedRun` is the run being promoted, which decides: its final choice may be a version that existed before it
 * (the seed, or the same text saved earlier), which records no run of its own.
 */
export function makeVersionCurrent(
  db: Db,
  env: AttuneEnv,
  promptId: number,
  promotedRun?: Pick<OptimizerRun, "config" | "adaptation">,
): { prompt: PromptVersion; judgeModelLabel: string | null | undefined } {
  const prompt = getPromptVersion(db, promptId);
  const adaptation = versionAdaptation(promotedRun ?? (prompt.optimizerRunId === null ? null : getOptimizerRun(db, prompt.optimizerRunId)));
  const judgeModelLabel = adaptation ? adaptation.adaptedFor.label : undefined;
  // The same model as the run judged with, not only the same label, and one this server still allows.
  const stillConfigured = () => {
    if (!adaptation || !judgeModelLabel) return;
    const model = listModels(db, env).find((entry) => entry.label === judgeModelLabel);
    if (!model) throw new AppError("conflict", `Prompt v${promptId} was adapted for "${judgeModelLabel}", which is no longer configured; add it back on Settings to make the version current.`);
    if (model.model !== adaptation.adaptedFor.model)
      throw new AppError("conflict", `Prompt v${promptId} was adapted for the model ${adaptation.adaptedFor.model}, but "${judgeModelLabel}" is now ${model.model}; adapt the judge to it again.`);
    assertModelAllowed(model, env);
  };
  return { prompt: setCurrentPrompt(db, prompt.datasetId, promptId, judgeModelLabel, stillConfigured), judgeModelLabel };
}

/** Makes a finished run's final choice the dataset's current version (and, for an adaptation, its model the judge). */
export function promoteRun(db: Db, env: AttuneEnv, runId: number) {
  const run = getOptimizerRun(db, runId);
  if (run.status !== "done" || run.bestPromptId === null) throw new AppError("conflict", `Optimizer run #${runId} is ${run.status}; promote a finished run.`);
  return makeVersionCurrent(db, env, run.bestPromptId, run);
}
