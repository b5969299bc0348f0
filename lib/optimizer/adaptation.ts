import type { Adaptation, OptimizerRun } from "@/db/schema";

export interface VersionAdaptation {
  /** The model the version was adapted for: its label when it is a configured model, and its name. */
  adaptedFor: { label: string | null; model: string };
  reference: { label: string | null; model: string };
  /** What the run measured on test when it ended; null while it runs or when it ended early. */
  measured: Adaptation | null;
}

/** Whether a version came from a run that adapted the judge to another model, and what it measured. */
export function versionAdaptation(run: Pick<OptimizerRun, "config" | "adaptation"> | null): VersionAdaptation | null {
  if (!run?.config.reference) return null;
  return { adaptedFor: { label: run.config.judgeModelLabel ?? null, model: run.config.judgeModel }, reference: run.config.reference, measured: run.adaptation };
}
