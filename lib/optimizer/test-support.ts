import type { Db } from "@/db/client";
import { createOptimizerRun } from "@/db/queries/optimizer";
import { currentPrompt } from "@/db/queries/prompts";
import type { OptimizerConfig } from "@/db/schema";
import type { ChatRequest, ChatResult, LlmClient } from "@/lib/llm/client";
import { seedSupportReplies } from "@/lib/demo/support-replies";

/** A run config for tests on the simulated model; each test says what it changes. */
export const testConfig = (overrides: Partial<OptimizerConfig> = {}): OptimizerConfig => ({
  budget: 200,
  seed: 5,
  minibatchSize: 3,
  patience: null,
  maxLength: 4000,
  judgeModel: "attune-sim-judge",
  reflectionModel: "attune-sim-reflect",
  concurrency: 8,
  evidenceSize: 12,
  merge: true,
  ...overrides,
});

/** The support-replies demo in `db` and an optimizer run on it from its seed prompt. */
export function setupSupportRun(db: Db, overrides: Partial<OptimizerConfig> = {}) {
  const { datasetId } = seedSupportReplies(db);
  const seed = currentPrompt(db, datasetId, "attune-sim-judge");
  return { datasetId, run: createOptimizerRun(db, { datasetId, seedPromptId: seed.id, config: testConfig(overrides) }) };
}

/** A provider's answer with `content`, as the client returns it. */
export const answer = (content: string, finishReason = "stop"): ChatResult => ({
  content,
  finishReason,
  refusal: null,
  tokensIn: 10,
  tokensOut: 2,
  cached: false,
  latencyMs: 1,
  retries: 0,
  mode: "json_schema",
});

export const isReflection = (request: ChatRequest) => request.output.name === "instruction_proposal";

/** `client` with the reflection model replaced by `reflect`; every reflection request lands in `seen`. */
export function reflectionStub(client: LlmClient, reflect: (request: ChatRequest) => ChatResult | Promise<ChatResult>, seen: ChatRequest[] = []): LlmClient {
  return {
    modeFor: client.modeFor,
    noticesFor: client.noticesFor,
    async chat(request, options) {
      if (!isReflection(request)) return client.chat(request, options);
      seen.push(request);
      return reflect(request);
    },
  };
}

/** A client that passes every call to `client`, recording each reflection request; after `failAfterCalls` calls it fails as a process that died. */
export function recordingReflections(client: LlmClient, reflections: ChatRequest[] = [], failAfterCalls = Infinity): LlmClient {
  let calls = 0;
  return {
    modeFor: client.modeFor,
    noticesFor: client.noticesFor,
    async chat(request, options) {
      if (++calls > failAfterCalls) throw new Error("the process died");
      if (request.output.name === "instruction_proposal") reflections.push(request);
      return client.chat(request, options);
    },
  };
}
