import { parseJudgeOutput } from "@/lib/judge/parse";
import { judgeRequest } from "@/lib/judge/render";
import { ProviderError, type LlmClient } from "./client";
import type { AttuneEnv } from "@/lib/env";
import type { ModelClients } from "./model-clients";
import { usableModelKey, type ListedModel } from "./model-list";

export interface ConnectionCheck {
  ok: boolean;
  model: string;
  latencyMs: number;
  mode: string;
  message: string;
}

/** One uncached judge call on a tiny example: proves the URL, key, model and output format work. */
export async function testConnection(client: LlmClient, model: string): Promise<ConnectionCheck> {
  const started = performance.now();
  try {
    const request = judgeRequest(model, "Rate how well the answer answers the question.", ["question", "answer"], { question: "What is 2 + 2?", answer: "4" });
    const result = await client.chat(request, { useCache: false });
    const parsed = parseJudgeOutput(result.content);
    return {
      ok: parsed.status === "ok",
      model,
      latencyMs: Math.round(performance.now() - started),
      mode: result.mode,
      message: [
        parsed.status === "ok" ? `Connected: ${model} answered with score ${parsed.score} using ${result.mode} output.` : `Connected, but the answer was malformed (${parsed.problem}).`,
        ...client.noticesFor(model).map((notice) => `Note: ${notice}.`),
      ].join(" "),
    };
  } catch (error) {
    // The server's own words, bounded: a test shows whether it answers, not what else it serves.
    const message = error instanceof ProviderError ? error.message : String(error);
    return { ok: false, model, latencyMs: Math.round(performance.now() - started), mode: client.modeFor(model), message: message.length > 500 ? `${message.slice(0, 500)}…` : message };
  }
}

/** Tests a configured model through its own client; a key variable that is not set is a failed check that names it. */
export async function testConfiguredModel(clients: ModelClients, model: ListedModel, env: AttuneEnv): Promise<ConnectionCheck> {
  try {
    // Only admins and the CLI test connections: the message may name the key variable.
    usableModelKey(model, env, true);
    return await testConnection(await clients.clientFor(model.label), model.model);
  } catch (error) {
    return { ok: false, model: model.model, latencyMs: 0, mode: "none", message: error instanceof Error ? error.message : String(error) };
  }
}
