import type { Adaptation, OptimizerConfig, OptimizerRun } from "@/db/schema";

export interface VersionAdaptation {
  /** The model the version was adapted for: its label when it is a configured model, and its name. */
  adaptedFor: { label: string | null; model: string };
  reference: { label: string | null; model: string } | null;
  /** What the run measured on test when it ended; null while it runs or when it ended early. */
  measured: Adaptation | null;
}

/**
 * Whether a run adapts the judge to another model. Runs recorded before the flag existed adapted
 * when they named a reference model, or a judge model label without a reflection model label.
 */
export function isAdaptation(config: Pick<OptimizerConfig, "adapted" | "judgeModelLabel" | "reflectionModelLabel" | "reference">): boolean {
  return config.adapted ?? (Boolean(config.reference) || (config.reflectionModelLabel === undefined && Boolean(config.judgeModelLabel)));
}

/** Whether a version came from a run that adapted the judge to another model, and what it measured. */
export function versionAdaptation(run: Pick<OptimizerRun, "config" | "adaptation"> | null): VersionAdaptation | null {
  if (!run || !isAdaptation(run.config)) return null;
  return { adaptedFor: { label: run.config.judgeModelLabel ?? null, model: run.config.judgeModel }, reference: run.config.reference ?? null, measured: run.adaptation };
}
