import type { JobHealth } from "@/lib/jobs/health";

/** `backticked` parts of a message as code. */
function WithCode({ text }: { text: string }) {
  return text.split("`").map((part, index) =>
    index % 2 === 1 ? (
      <code key={index} className="rounded bg-amber-100 px-1 font-mono text-[0.85em]">
        {part}
      </code>
    ) : (
      part
    ),
  );
}

/** Who is working on a run, and a warning when nobody is: a stalled job says how to get it going. */
export function JobStatus({ job }: { job: JobHealth }) {
  if (job.state === "stalled")
    return (
      <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="job-stalled">
        <WithCode text={job.message ?? ""} />
      </p>
    );
  if (job.state === "waiting")
    return (
      <p className="text-xs text-slate-500" data-testid="job-waiting">
        Waiting for a process to pick it up…
      </p>
    );
  if (job.state === "running" && job.owner)
    return (
      <p className="text-xs text-slate-500" data-testid="job-owner">
        Running in {job.owner}.
      </p>
    );
  return null;
}
