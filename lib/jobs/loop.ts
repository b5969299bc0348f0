import { spawn } from "node:child_process";
import path from "node:path";
import type { Db } from "@/db/client";
import { removeAbandonedImports } from "@/db/queries/imports";
import { getImportRun } from "@/db/queries/import-runs";
import { claimNextJob, releaseJob } from "@/db/queries/jobs";
import type { Job } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { runEvaluation } from "@/lib/judge/evaluate";
import type { LlmClient } from "@/lib/llm/client";
import type { ModelClients } from "@/lib/llm/model-clients";
import { getEvalRun } from "@/db/queries/evaluations";
import { getOptimizerRun } from "@/db/queries/optimizer";
import { optimizerClients } from "@/lib/optimizer/clients";
import { runOptimizer } from "@/lib/optimizer/runner";
import { removeStaleUploads } from "@/lib/import/uploads";
import { interruption } from "./lease";
import { claimForThisProcess, interruptAllHere, isRunningHere } from "./run-job";
import { isDeadOwner } from "./owner";

export interface JobLoopOptions {
  db: Db;
  client: LlmClient;
  /** Clients of the configured models, for evaluations and runs that name one. */
  models?: ModelClients;
  /** Jobs this process runs at once. */
  concurrency: number;
  pollMs: number;
  log: (line: string) => void;
}

/**
 * The one place jobs are picked up, in the web server and in `attune worker`: every poll (or when
 * kicked) it claims open jobs nobody live holds, oldest first, and runs them.
 */
export class JobLoop {
  private readonly running = new Map<number, Promise<void>>();
  /** Imports started here in a process of their own, by run id (their job moves to that process). */
  private readonly importing = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(private readonly options: JobLoopOptions) {}

  start(): void {
    // Half-written new datasets of imports whose process died go first.
    const removed = removeAbandonedImports(this.options.db, isDeadOwner);
    if (removed > 0) this.options.log(`Removed ${removed} half-written import${removed === 1 ? "" : "s"} left by a process that stopped.`);
    const stale = removeStaleUploads();
    if (stale > 0) this.options.log(`Deleted ${stale} upload${stale === 1 ? "" : "s"} older than a day that no import used.`);
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.kick();
  }

  /** Looks for work now (a route that just created a job calls this). */
  kick(): void {
    if (this.stopping) return;
    while (this.running.size < this.options.concurrency) {
      let job: Job | null;
      try {
        job = claimNextJob(
          this.options.db,
          claimForThisProcess(),
          isDeadOwner,
          // A job launched here is skipped even before its runner registers (it may first await a model client).
          (candidate) => this.running.has(candidate.id) || isRunningHere(this.options.db, candidate.kind, candidate.runId) || (candidate.kind === "import" && this.importing.has(candidate.runId)),
        );
      } catch (error) {
        // A busy database: the next poll tries again.
        this.options.log(`Could not look for jobs: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (!job) return;
      this.launch(job);
    }
  }

  /** The client of a configured model by label, or this process's default (label null). */
  private async clientFor(label: string | null): Promise<LlmClient> {
    const { client, models } = this.options;
    if (label === null) return client;
    if (!models) throw new AppError("provider_unavailable", `This process has no model list, and the job names model "${label}".`);
    return models.clientFor(label);
  }

  /** An evaluation judges with its model's client, made once the job is claimed so a model that cannot be reached fails the run. */
  private evaluate(runId: number) {
    const { db } = this.options;
    return runEvaluation(db, runId, async () => ({ client: await this.clientFor(getEvalRun(db, runId).modelLabel) }));
  }

  /** A run judges, reflects and (adapting a judge) measures its reference with the models its config names. */
  private optimize(runId: number) {
    const { db, models, client } = this.options;
    return runOptimizer(db, runId, async () => {
      const config = getOptimizerRun(db, runId).config;
      if (models) return optimizerClients(models, config);
      if (config.judgeModelLabel || config.reflectionModelLabel) throw new AppError("provider_unavailable", `Optimizer run #${runId} names configured models, and this process has no model list.`);
      return { client };
    });
  }

  private launch(job: Job): void {
    const { log } = this.options;
    const label = `${job.kind === "evaluation" ? "Evaluation" : job.kind === "import" ? "Import" : "Optimizer run"} #${job.runId}`;
    log(`${label}: started${job.claimedAt ? " (taking over)" : ""}.`);
    const work = job.kind === "evaluation" ? this.evaluate(job.runId) : job.kind === "optimization" ? this.optimize(job.runId) : this.importInItsOwnProcess(job.runId);
    const done = work
      .then((run) => log(`${label}: ${run.status}.`))
      .catch((error: unknown) => {
        const interrupted = interruption(error, AbortSignal.abort());
        if (interrupted) log(`${label}: handed over (${interrupted.message}).`);
        else if (error instanceof AppError && error.code === "conflict") log(`${label}: ${error.message}`);
        else log(`${label} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      })
      .finally(() => {
        this.running.delete(job.id);
        if (!this.stopping) this.kick();
      });
    this.running.set(job.id, done);
  }

  /**
   * An import runs in a process of its own (`attune import-run`), so reading a big file never
   * stalls this one; that process takes the job over from this one's claim.
   */
  private async importInItsOwnProcess(runId: number): Promise<{ status: string }> {
    const { db, log } = this.options;
    const claim = claimForThisProcess();
    this.importing.add(runId);
    try {
      const root = process.env.ATTUNE_ROOT ?? process.cwd();
      const child = spawn(process.execPath, [path.join(root, "lib/cli/bin.mjs"), "import-run", String(runId), "--from", claim.owner], { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", (chunk: Buffer) => log(`Import #${runId}: ${chunk.toString().trim()}`));
      child.stderr.on("data", (chunk: Buffer) => log(`Import #${runId}: ${chunk.toString().trim()}`));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      // A process that never took the job over leaves it with this one: give it back.
      releaseJob(db, "import", runId, claim.owner);
      return { status: code === 0 ? getImportRun(db, runId).status : `stopped (exit ${code}); it starts over if it has attempts left` };
    } finally {
      this.importing.delete(runId);
    }
  }

  /** Stops claiming, interrupts what runs here and gives it back; resolves when all stopped. */
  async stop(why = "This process is stopping."): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    interruptAllHere(why, this.options.db);
    await Promise.all(this.running.values());
  }

  get active(): number {
    return this.running.size;
  }
}
