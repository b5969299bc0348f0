import { parseRenderedFields } from "@/lib/judge/render";
import { hashUnit } from "./text";
import { simulateJudgment } from "./judge";
import { simulateReflection } from "./reflect";

export interface SimFaults {
  latencyMs: number;
  rate429: number;
  rate500: number;
  rateHang: number;
  rateMalformed: number;
}

export const noFaults: SimFaults = { latencyMs: 0, rate429: 0, rate500: 0, rateHang: 0, rateMalformed: 0 };

export type SimResponse = { kind: "json"; status: number; headers?: Record<string, string>; body: unknown } | { kind: "hang" };

interface ChatBody {
  model?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  response_format?: { type?: string; json_schema?: { name?: string } };
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

function openAiError(status: number, message: string, type: string, headers?: Record<string, string>): SimResponse {
  return { kind: "json", status, headers, body: { error: { message, type, code: null } } };
}

/**
 * One chat-completions request to the simulated model, as the OpenAI protocol has it.
 * Transient faults (429, 500, hang) depend on how often the same request was seen, so a retry
 * can pass; malformed answers depend on the request alone, so they are stable.
 */
export function handleSimChat(raw: unknown, options: { seed: number; faults: SimFaults; attempt: number }): SimResponse {
  const body = (raw ?? {}) as ChatBody;
  if (typeof body.model !== "string" || !Array.isArray(body.messages) || body.messages.length === 0) {
    return openAiError(400, "Request needs a model and a non-empty messages array.", "invalid_request_error");
  }
  const messages = body.messages.map((message) => ({ role: String(message.role ?? ""), content: typeof message.content === "string" ? message.content : "" }));
  const system = messages.find((message) => message.role === "system")?.content ?? "";
  const user = messages.filter((message) => message.role === "user").map((message) => message.content).join("\n");
  const requestKey = `${body.model}\u0002${system}\u0002${user}`;
  const { faults, seed } = options;

  const transient = hashUnit(seed, "fault", requestKey, options.attempt);
  if (transient < faults.rate429) return openAiError(429, "Rate limit reached for the simulated model.", "rate_limit_error", { "retry-after-ms": "50" });
  if (transient < faults.rate429 + faults.rate500) return openAiError(500, "The simulated model had an internal error.", "server_error");
  if (transient < faults.rate429 + faults.rate500 + faults.rateHang) return { kind: "hang" };

  const isReflection = body.response_format?.json_schema?.name === "instruction_proposal" || user.includes("<current_instruction>");
  let content = isReflection ? simulateReflection({ seed, user }).content : simulateJudgment({ seed, instruction: system, fields: parseRenderedFields(user) }).content;
  if (!isReflection && hashUnit(seed, "malformed", requestKey) < faults.rateMalformed) {
    content = content.slice(0, Math.max(1, Math.floor(content.length / 2)));
  }
  const promptTokens = estimateTokens(system + user);
  const completionTokens = estimateTokens(content);
  return {
    kind: "json",
    status: 200,
    body: {
      id: `chatcmpl-sim-${Math.floor(hashUnit(seed, "id", requestKey, options.attempt) * 1e12)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    },
  };
}

/** Counts how many times each request was seen, so transient faults vary across retries. */
export function attemptCounter() {
  const seen = new Map<string, number>();
  return (raw: unknown): number => {
    const key = JSON.stringify(raw);
    const attempt = seen.get(key) ?? 0;
    seen.set(key, attempt + 1);
    if (seen.size > 50_000) seen.clear();
    return attempt;
  };
}

export function simModelList(models: string[]) {
  return { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "attune" })) };
}
