export interface RunPoint {
  id: number;
  split: string;
  status: string;
  nmse: number | null;
  promptId: number;
}

/** NMSE of each finished run on one split, oldest first, for the history chart. */
export function nmseHistory(runs: RunPoint[], split: string): { run: string; runId: number; nmse: number; prompt: number }[] {
  return runs
    .filter((run) => run.split === split && run.status === "done" && run.nmse !== null)
    .sort((a, b) => a.id - b.id)
    .map((run) => ({ run: `#${run.id}`, runId: run.id, nmse: Number(run.nmse!.toFixed(2)), prompt: run.promptId }));
}
