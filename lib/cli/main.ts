import { getDb } from "@/db/client";
import { seedDemo } from "@/lib/demo";
import { DEMO_ADMIN, ensureDemoAdmin } from "@/lib/demo/demo-admin";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { evalUsage, runEval } from "./eval-command";
import { exportLabelsUsage, exportUsage, runExport, runExportLabels } from "./export-command";
import { optimizeUsage, runCancel, runOptimize, runResume, runRuns, runsUsage } from "./optimize-command";
import { importUsage, runImport, runImportRunCommand } from "./import-command";
import { processIo, reportError, type CliIo } from "./output";
import { runWorker, workerUsage } from "./worker-command";
import { queueUsage, runQueue } from "./queue-command";
import { compareUsage, runCompare } from "./compare-command";
import { modelsUsage, runModels } from "./models-command";
import { setProcessRole } from "@/lib/jobs/owner";

const usage = `Attune: align an LLM judge with human labelers.

usage:
  ${importUsage}
  ${evalUsage}
  ${optimizeUsage}
  ${runsUsage}
  ${exportUsage}
  ${exportLabelsUsage}
  ${queueUsage}
  ${compareUsage}
  ${modelsUsage}
  ${workerUsage}
  attune demo            load the demo datasets (again: changes nothing)

Settings come from the environment: ATTUNE_DB (SQLite file, default data/attune.db),
OPENAI_BASE_URL, OPENAI_API_KEY, ATTUNE_JUDGE_MODEL, ATTUNE_REFLECTION_MODEL, ATTUNE_CONCURRENCY.
With no provider set, Attune's simulated model answers.`;

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (!command || command === "help" || command === "--help" || command === "-h") {
      io.out(usage);
      return command ? 0 : 2;
    }
    const env = getEnv();
    setProcessRole("cli");
    switch (command) {
      case "import":
        return runImport(getDb(), args, io);
      case "eval":
        return await runEval(getDb(), env, args, io);
      case "optimize":
        return await runOptimize(getDb(), env, args, io);
      case "runs":
        return runRuns(getDb(), args, io);
      case "resume":
        return await runResume(getDb(), env, args, io);
      case "cancel":
        return runCancel(getDb(), args, io);
      case "import-run":
        return runImportRunCommand(getDb(), args, io);
      case "worker":
        return await runWorker(getDb(), env, args, io);
      case "export":
        return runExport(getDb(), env, args, io);
      case "models":
        return await runModels(getDb(), env, args, io);
      case "compare":
        return await runCompare(getDb(), env, args, io);
      case "queue":
        return runQueue(getDb(), args, io);
      case "export-labels":
        return runExportLabels(getDb(), args, io);
      case "demo": {
        for (const summary of seedDemo(getDb())) io.out(`${summary.datasetName}: ${summary.message}`);
        if (await ensureDemoAdmin(getDb())) io.out(`Created the demo admin: sign in as "${DEMO_ADMIN.username}" with the password "${DEMO_ADMIN.password}".`);
        return 0;
      }
      default:
        throw new AppError("bad_request", `unknown command "${command}"\n\n${usage}`);
    }
  } catch (error) {
    return reportError(io, error);
  }
}
