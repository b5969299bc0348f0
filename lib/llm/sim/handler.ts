import { createHash } from "node:crypto";
import { renderAnswer } from "./answer-format";
import { simulateJudgment } from "./judge";
import { requestRefusal, type ChatBody } from "./openai-rules";
import { simProfile, simProfiles, type SimModelProfile } from "./profiles";
import { readMessages, readRequest, type SimTask } from "./read-request";
import { simulateMerge, simulateReflection, simulateSummary } from "./reflect";
import { hashUnit } from "./text";
import { briefReasoning, type SimWorld } from "./world";
import { defaultWorlds } from "./worlds";

export interface SimFaults {
  latencyMs: number;
  rate429: number;
  rate500: number;
  rateHang: number;
  rateMalformed: number;
}

export const noFaults: SimFaults = { latencyMs: 0, rate429: 0, rate500: 0, rateHang: 0, rateMalformed: 0 };

export type SimResponse = { kind: "json"; status: number; headers?: Record<string, string>; body: unknown; latencyMs?: number } | { kind: "hang" };

export interface SimOptions {
  seed: number;
  faults: SimFaults;
  /** How many times this exact request was seen before: transient faults vary with it. */
  attempt: number;
  worlds?: SimWorld[];
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

function openAiError(status: number, message: string, type: string, extra: { param?: string | null; code?: string | null; headers?: Record<string, string> } = {}): SimResponse {
  return { kind: "json", status, headers: extra.headers, body: { error: { message, type, param: extra.param ?? null, code: extra.code ?? null } } };
}

/** The model's answer to a task, as text in the shape the request asked for. */
function answer(task: SimTask, seed: number, worlds: SimWorld[], profile: SimModelProfile): string {
  if (task.kind === "judge") {
    const judgment = simulateJudgment({ seed, worlds, instruction: task.instruction, fields: task.fields, skill: profile.skill });
    return judgment.raw ?? renderAnswer(judgment.values, task.output);
  }
  if (task.kind === "summarize") return renderAnswer({ summary: simulateSummary(task.evidence) }, task.output);
  if (task.kind === "merge") return renderAnswer({ instruction: simulateMerge(task.instruction, task.other) }, task.output);
  return renderAnswer(
    { instruction: simulateReflection({ seed, worlds, instruction: task.instruction, evidence: task.evidence, retrying: task.rejection !== null, rewrites: profile.rewrites }) },
    task.output,
  );
}

/** OpenAI's words when the messages and the completion's token limit do not fit the context window; null when they fit. */
function contextOverflow(window: number, promptTokens: number, completionLimit: unknown): string | null {
  const completion = typeof completionLimit === "number" ? completionLimit : 0;
  if (promptTokens + completion <= window) return null;
  return completion > 0
    ? `This model's maximum context length is ${window} tokens. However, you requested ${promptTokens + completion} tokens (${promptTokens} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion.`
    : `This model's maximum context length is ${window} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`;
}

/** A judge answer that breaks the contract: cut mid-way, as small models and runaway outputs do. */
const broken = (content: string) => content.slice(0, Math.max(1, Math.floor(content.length / 2)));

function thinkingText(task: SimTask): string {
  return task.kind === "judge" ? "Let me look at the example against the criteria in the instruction." : "Let me look at where the judge and the humans disagree.";
}

/**
 * One chat-completions request to a simulated model, as an OpenAI-compatible server answers it:
 * the model must exist, the request must pass the server's checks, then the model reads the
 * messages and answers in the requested format. Transient faults (429, 500, hang) depend on how
 * often the same request was seen, so a retry can pass; malformed and cut-off answers depend on
 * the request alone, so they are stable.
 */
export function handleSimChat(raw: unknown, options: SimOptions): SimResponse {
  const body = (raw && typeof raw === "object" ? raw : {}) as ChatBody;
  if (typeof body.model !== "string" || body.model === "") return openAiError(400, "you must provide a model parameter", "invalid_request_error", { param: "model" });
  const profile = simProfile(body.model);
  if (!profile) return openAiError(404, `The model '${body.model}' does not exist or you do not have access to it.`, "invalid_request_error", { code: "model_not_found" });
  if (profile.validatesRequests) {
    const refusal = requestRefusal(body, profile);
    if (refusal) return openAiError(refusal.status, refusal.message, "invalid_request_error", { param: refusal.param, code: refusal.code });
  }
  const messages = readMessages(body.messages);
  if (messages.length === 0) return openAiError(400, "[] is too short - 'messages'", "invalid_request_error", { param: "messages" });
  const promptTokens = estimateTokens(messages.map((entry) => entry.content).join("\n"));
  const overflow = profile.contextTokens === undefined ? null : contextOverflow(profile.contextTokens, promptTokens, body.max_tokens ?? body.max_completion_tokens);
  if (overflow) return openAiError(400, overflow, "invalid_request_error", { param: "messages", code: "context_length_exceeded" });

  const { faults, seed } = options;
  const requestKey = `${body.model}\u0002${messages.map((message) => `${message.role}\u0003${message.content}`).join("\u0002")}`;
  const transient = hashUnit(seed, "fault", requestKey, options.attempt);
  if (transient < faults.rate429) return openAiError(429, "Rate limit reached for the simulated model.", "rate_limit_error", { headers: { "retry-after-ms": "50" } });
  if (transient < faults.rate429 + faults.rate500) return openAiError(500, "The simulated model had an internal error.", "server_error");
  if (transient < faults.rate429 + faults.rate500 + faults.rateHang) return { kind: "hang" };

  const task = readRequest({ messages: body.messages, response_format: profile.enforcesFormat ? body.response_format : undefined });
  let content = answer(task, seed, options.worlds ?? defaultWorlds, profile);
  let finishReason = "stop";
  const schemaEnforced = profile.enforcesFormat && (body.response_format as { type?: unknown } | undefined)?.type === "json_schema";
  const malformedRate = task.kind === "judge" && profile.briefMalformedRate !== undefined && briefReasoning.test(task.instruction) ? profile.briefMalformedRate : profile.malformedRate;
  if (task.kind === "judge" && hashUnit(seed, "malformed", requestKey) < malformedRate + faults.rateMalformed) {
    content = broken(content);
    // Constrained decoding cannot emit broken JSON; such an answer is one that ran out of tokens.
    if (schemaEnforced) finishReason = "length";
  }
  const limit = Number(body.max_tokens ?? body.max_completion_tokens ?? Infinity);
  if (hashUnit(seed, "truncate", requestKey) < profile.truncateRate || estimateTokens(content) > limit) {
    content = content.slice(0, Math.min(Math.floor(content.length / 2), Number.isFinite(limit) ? limit * 4 : Infinity));
    finishReason = "length";
  }
  if (profile.thinkingTokens !== undefined && limit < profile.thinkingTokens + estimateTokens(content)) {
    content = "";
    finishReason = "length";
  }
  if (profile.overthinks) {
    content = "";
    finishReason = "length";
  }
  const thinking = thinkingText(task);
  const message: Record<string, unknown> = { role: "assistant", content: profile.thinking === "inline" ? `<think>\n${thinking}\n</think>\n\n${content}` : content, refusal: null };
  if (profile.thinking === "field") message.reasoning_content = thinking;

  const completionTokens = estimateTokens(String(message.content)) + (profile.thinking === "field" ? estimateTokens(thinking) : 0);
  return {
    kind: "json",
    status: 200,
    latencyMs: profile.latencyMs,
    body: {
      id: `chatcmpl-sim-${Math.floor(hashUnit(seed, "id", requestKey, options.attempt) * 1e12)}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    },
  };
}

/** Counts how many times each request body was seen, so transient faults vary across retries. Keeps hashes, at most `limit`, oldest dropped first. */
export function attemptCounter(limit = 20_000) {
  const seen = new Map<string, number>();
  return (bodyText: string): number => {
    const key = createHash("sha256").update(bodyText).digest("base64");
    const attempt = seen.get(key) ?? 0;
    seen.delete(key);
    seen.set(key, attempt + 1);
    if (seen.size > limit) seen.delete(seen.keys().next().value!);
    return attempt;
  };
}

export function simModelList(profiles: SimModelProfile[] = simProfiles) {
  return { object: "list", data: profiles.map((profile) => ({ id: profile.id, object: "model", created: 0, owned_by: "attune-simulator" })) };
}
