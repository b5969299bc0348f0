// The server both optimizers talk to: the built-in simulator (about 3% malformed judge answers) or
// an external OpenAI-compatible server, always behind the recording proxy, which sorts what it
// forwards into judge calls and reflection calls (whose texts the leak check reads).
import { readMessages, readRequest } from "@/lib/llm/sim/read-request";
import { startSimServer } from "@/lib/llm/sim/server";
import { noFaults } from "@/lib/llm/sim/handler";
import { defaultWorlds, worldFor } from "@/lib/llm/sim/worlds";
import { postmortemsWorld } from "./postmortem-world";
import { startRecordingProxy } from "./proxy";
import { reviewCommentsWorld } from "./review-world";
import { sqlQueriesWorld } from "./sql-world";
import { uiTranslationsWorld } from "./translation-world";
import { developerAnswersWorld } from "./world";

export const SIM_JUDGE_MODEL = "attune-sim-judge";

/** What the bench's simulator knows: developers' answers, SQL queries, review comments, interface translations, incident postmortems, support replies, and summaries, which also take any data it does not know. */
const BENCH_WORLDS = [developerAnswersWorld, sqlQueriesWorld, reviewCommentsWorld, uiTranslationsWorld, postmortemsWorld, ...defaultWorlds];

/**
 * Which of the simulator's tasks it reads these inputs as, and whether that is a guess: inputs no
 * world recognises by their fields are judged as summaries, on criteria the data's humans never used.
 */
export function simWorldOf(inputs: Record<string, string>): { id: string; guessed: boolean } {
  const world = worldFor(BENCH_WORLDS, inputs);
  const known = BENCH_WORLDS.slice(0, -1).some((candidate) => candidate.recognizes(inputs)) || Object.keys(inputs).some((name) => /summary/i.test(name));
  return { id: world.id, guessed: !known };
}
export const SIM_REFLECTION_MODEL = "attune-sim-reflect";

export interface BenchServerOptions {
  /** An external OpenAI-compatible server; the built-in simulator when absent. */
  baseURL?: string;
  judgeModel?: string;
  /** The judge model when absent. */
  reflectionModel?: string;
  apiKey?: string;
  /** With the built-in simulator: which simulated model judges (one of its profiles); the strict one by default. */
  simJudgeModel?: string;
  /** With the built-in simulator: which simulated model reflects; the one that adds lines by default. */
  simReflectionModel?: string;
}

export interface BenchServer {
  /** The proxy's base URL, where both optimizers send their requests. */
  baseURL: string;
  apiKey: string;
  judgeModel: string;
  reflectionModel: string;
  /** What answers: "simulated" or the external base URL. */
  upstream: string;
  simulated: boolean;
  /** Real models can take a minute over a long reflection; the simulator answers at once. */
  timeoutMs: number;
  reflectionTexts: string[];
  judgeRequests: () => number;
  reset: () => void;
  close: () => Promise<void>;
}

export async function startBenchServer(options: BenchServerOptions = {}): Promise<BenchServer> {
  const sim = options.baseURL ? null : await startSimServer({ seed: 7, faults: { ...noFaults, rateMalformed: 0.03 }, worlds: BENCH_WORLDS });
  const judgeModel = sim ? (options.simJudgeModel ?? SIM_JUDGE_MODEL) : options.judgeModel;
  if (!judgeModel) throw new Error("--base-url needs --judge-model");
  const reflectionModel = sim ? (options.simReflectionModel ?? SIM_REFLECTION_MODEL) : (options.reflectionModel ?? judgeModel);

  const reflectionTexts: string[] = [];
  let judgeRequests = 0;
  // One model for both roles: the request's own text tells a judge prompt from a reflection prompt.
  const isJudge = (body: { model?: unknown; messages?: unknown }) => (judgeModel !== reflectionModel ? body.model === judgeModel : readRequest(body).kind === "judge");
  const proxy = await startRecordingProxy(sim?.baseURL ?? options.baseURL!, (raw) => {
    const body = (typeof raw === "object" && raw !== null ? raw : {}) as { model?: unknown; messages?: unknown };
    if (isJudge(body)) judgeRequests++;
    else
      reflectionTexts.push(
        readMessages(body.messages)
          .map((message) => message.content)
          .join("\n"),
      );
  });
  return {
    baseURL: proxy.baseURL,
    apiKey: options.apiKey ?? "simulated",
    judgeModel,
    reflectionModel,
    upstream: sim ? "simulated" : options.baseURL!,
    simulated: sim !== null,
    timeoutMs: sim ? 30_000 : 180_000,
    reflectionTexts,
    judgeRequests: () => judgeRequests,
    reset: () => {
      reflectionTexts.length = 0;
      judgeRequests = 0;
    },
    close: async () => {
      await proxy.close();
      await sim?.close();
    },
  };
}
