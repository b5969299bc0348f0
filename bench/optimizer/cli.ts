// The options run.ts and trace.ts share: which task (built-in or a JSONL file) and which server.
import { simProfile, simProfiles } from "@/lib/llm/sim/profiles";
import { SIM_REFLECTION_MODEL, startBenchServer, type BenchServer } from "./server";
import { selectTasks } from "./tasks";
import type { BenchTask } from "./bench-task";

export const benchOptions = {
  task: { type: "string" },
  "data-seed": { type: "string", default: "2026" },
  rows: { type: "string" },
  data: { type: "string" },
  "task-text": { type: "string" },
  "base-url": { type: "string" },
  "judge-model": { type: "string" },
  "reflection-model": { type: "string" },
  "api-key-env": { type: "string" },
  "sim-judge": { type: "string" },
  "sim-reflection": { type: "string" },
  "seed-line": { type: "string" },
} as const;

export interface BenchValues {
  task?: string;
  "data-seed": string;
  rows?: string;
  data?: string;
  "task-text"?: string;
  "base-url"?: string;
  "judge-model"?: string;
  "reflection-model"?: string;
  "api-key-env"?: string;
  "sim-judge"?: string;
  "sim-reflection"?: string;
  "seed-line"?: string;
}

export function exitWith(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

/**
 * The tasks and the server the options name; a bad option or a bad data file ends the process with
 * the reason. With `lanes` above 1 (an external server only), `lanes` recording proxies to it, so
 * that runs side by side each see only their own traffic.
 */
export async function openBench(values: BenchValues, lanes = 1): Promise<{ tasks: BenchTask[]; server: BenchServer; servers: BenchServer[] }> {
  let tasks: BenchTask[];
  const rows = values.rows === undefined ? undefined : Number(values.rows);
  if (rows !== undefined && !(Number.isInteger(rows) && rows >= 50 && rows <= 5000)) exitWith(`--rows must be a whole number from 50 to 5000, not ${values.rows}`);
  try {
    tasks = selectTasks({ task: values.task, data: values.data, taskText: values["task-text"], dataSeed: Number(values["data-seed"]), rows });
  } catch (error) {
    exitWith((error as Error).message);
  }
  const seedLine = values["seed-line"];
  if (seedLine !== undefined) {
    if (!seedLine.trim() || /\n/.test(seedLine) || seedLine.length > 500) exitWith("--seed-line is one line of at most 500 characters that a team added to its seed instruction");
    // A team's own line in the seed, as a hand-written judge prompt has: the ideal instruction stays without it.
    tasks = tasks.map((task) => ({ ...task, seedInstruction: `${task.seedInstruction}\n${seedLine.trim()}` }));
  }
  const baseURL = values["base-url"];
  if (!baseURL) {
    const stray = (["judge-model", "reflection-model", "api-key-env"] as const).find((name) => values[name] !== undefined);
    if (stray) exitWith(`--${stray} applies to an external server: give --base-url too`);
    const simJudge = values["sim-judge"];
    const simReflection = values["sim-reflection"];
    const known = simProfiles.map((profile) => profile.id).join(", ");
    if (simJudge !== undefined && !simProfile(simJudge)) exitWith(`--sim-judge names a simulated model; the simulator has ${known}`);
    if (simReflection !== undefined && !simProfile(simReflection)) exitWith(`--sim-reflection names a simulated model; the simulator has ${known}`);
    if (lanes > 1)
      exitWith("--parallel applies to an external server: the simulator answers in this process, so runs side by side would not finish sooner, and its figures depend on the order of requests");
    const server = await startBenchServer({ simJudgeModel: simJudge, simReflectionModel: simReflection });
    return { tasks, server, servers: [server] };
  }
  if (values["sim-judge"] !== undefined) exitWith("--sim-judge picks a simulated model; an external server's model is --judge-model");
  if (values["sim-reflection"] !== undefined) exitWith("--sim-reflection picks a simulated model; an external server's is --reflection-model");
  if (!/^https?:\/\//.test(baseURL)) exitWith(`--base-url must be an http(s) URL such as http://localhost:8000/v1, not ${baseURL}`);
  if (!values["judge-model"]) exitWith("--base-url needs --judge-model (and --reflection-model when reflection should use another model)");
  const keyVariable = values["api-key-env"];
  const apiKey = keyVariable ? process.env[keyVariable] : "not-needed";
  if (!apiKey) exitWith(`the environment variable ${keyVariable} named by --api-key-env is not set`);
  const options = { baseURL, judgeModel: values["judge-model"], reflectionModel: values["reflection-model"], apiKey };
  const servers = await Promise.all(Array.from({ length: lanes }, () => startBenchServer(options)));
  return { tasks, server: servers[0]!, servers };
}

/** One line on who answers, for the report's header. */
export function serverLine(server: BenchServer): string {
  if (server.simulated) {
    const reflection = server.reflectionModel === SIM_REFLECTION_MODEL ? "" : `; reflection ${server.reflectionModel} (${simProfile(server.reflectionModel)?.description ?? ""})`;
    return `server: built-in simulator, judge ${server.judgeModel} (${simProfile(server.judgeModel)?.description ?? ""}) with ~3% more malformed judge answers${reflection}`;
  }
  const roles = server.judgeModel === server.reflectionModel ? `model ${server.judgeModel} for judge and reflection` : `judge ${server.judgeModel}, reflection ${server.reflectionModel}`;
  return `server: ${server.upstream}, ${roles}`;
}
