import { JobStatus } from "@/components/ui/job-status";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { JobHealth } from "@/lib/jobs/health";
import type { ImportRunJson } from "./use-import-run";

const phaseLabel = { reading: "Reading the file", checking: "Checking every row", writing: "Writing rows" } as const;
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

/** The upload, then the import's three passes: how far along it is, in bytes or rows. */
export function ImportProgress({ sent, run, job }: { sent: { bytes: number; of: number } | null; run: ImportRunJson | null; job: JobHealth | null }) {
  if (!run) {
    if (!sent) return null;
    return (
      <div data-testid="import-progress">
        <ProgressBar value={sent.bytes} total={sent.of} format={megabytes} label="Uploading" testId="upload-progress" />
      </div>
    );
  }
  if (run.status === "done" || run.status === "failed") return null;
  const phase = run.phase ?? "reading";
  return (
    <div className="space-y-2" data-testid="import-progress" data-phase={phase}>
      {phase === "writing" ? (
        <ProgressBar value={run.done} total={run.total} label={`${phaseLabel.writing} · step 3 of 3`} testId="import-phase" />
      ) : (
        <ProgressBar value={run.done} total={run.total || run.fileBytes} format={megabytes} label={`${phaseLabel[phase]} · step ${phase === "reading" ? 1 : 2} of 3`} testId="import-phase" />
      )}
      {run.attempts > 1 ? <p className="text-xs text-amber-800">Started over (attempt {run.attempts}): the process importing it stopped.</p> : null}
      {job ? <JobStatus job={job} /> : null}
    </div>
  );
}
