import { describe, expect, it } from "vitest";
import { contextWindowIn, isContextOverflow, ProviderError } from "./provider-error";
import { adaptToRefusal } from "./provider-quirks";
import { defaultQuirks } from "./request-format";

const refused = (message: string, status = 400) => new ProviderError(`The model provider rejected the request (${status}): ${status} ${message}`, "rejected", 0, status);

describe("isContextOverflow", () => {
  it("recognises each server's words for a request longer than the context window", () => {
    for (const message of [
      "This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens. Please reduce the length of the messages.",
      "This model's maximum context length is 4097 tokens. However, you requested 4203 tokens (3703 in the messages, 500 in the completion). Please reduce the length of the messages or completion.",
      "'max_tokens' or 'max_completion_tokens' is too large: 4096. This model's maximum context length is 8192 tokens and your request has 5000 input tokens (4096 > 8192 - 5000).",
      "the request exceeds the available context size. try increasing the context size or enable context shift",
      "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 5000 `inputs` tokens and 4096 `max_new_tokens`",
      "prompt is too long: 210000 tokens > 200000 maximum",
    ])
      expect(isContextOverflow(refused(message)), message).toBe(true);
    // llama.cpp answered this with a 500 before it used 400.
    expect(isContextOverflow(new ProviderError("The model provider failed with 500 (after 2 retries): 500 the request exceeds the available context size", "server", 2, 500))).toBe(true);
  });

  it("leaves other refusals and failures alone", () => {
    expect(isContextOverflow(refused("Invalid value: 'response_format.type'. This model does not support 'json_schema'."))).toBe(false);
    expect(isContextOverflow(refused("Unsupported value: 'temperature' does not support 0 with this model."))).toBe(false);
    expect(isContextOverflow(new ProviderError("Cannot reach the model provider at http://localhost:9/v1: connect ECONNREFUSED", "unreachable", 0))).toBe(false);
    expect(isContextOverflow(new Error("This model's maximum context length is 8192 tokens."))).toBe(false);
  });
});

describe("adaptToRefusal and a context overflow", () => {
  it("does not read vLLM's overflow, which names max_tokens, as a refusal of max_tokens", () => {
    const vllm = "'max_tokens' or 'max_completion_tokens' is too large: 4096. This model's maximum context length is 8192 tokens and your request has 5000 input tokens (4096 > 8192 - 5000).";
    expect(adaptToRefusal({ status: 400, message: vllm, param: null }, defaultQuirks)).toBeNull();
  });

  it("still learns from a real refusal of max_tokens", () => {
    const openai = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.";
    expect(adaptToRefusal({ status: 400, message: openai, param: "max_tokens" }, defaultQuirks)?.quirks.tokenLimit).toBe("max_completion_tokens");
  });
});

describe("adaptToRefusal and the response format", () => {
  // Refusals of strict JSON schema in the words real servers and gateways use.
  const refusals: [string, string | null][] = [
    ["This response_format type is unavailable now", null],
    ["'response_format.type' : value is not one of the allowed values ['text','json_object']", null],
    ["Invalid value: 'response_format.type'. This model does not support 'json_schema'.", "response_format"],
    ["Invalid input", "response_format"],
    [`Invalid JSON payload received. Unknown name "additionalProperties" at 'generation_config.response_schema': Cannot find field.`, null],
    [`Invalid JSON payload received. Unknown name "$schema" at 'generation_config.response_schema': Cannot find field.`, null],
    ["Structured outputs are not supported by this model", null],
    // Schema keywords a server lacks, named without the parameter.
    [`Invalid JSON payload received. Unknown name "additionalProperties": Cannot find field.`, null],
    ["Unsupported keyword '$schema' in the schema", null],
  ];

  it("moves from strict JSON schema to JSON mode on each of them", () => {
    for (const [message, param] of refusals) {
      const adapted = adaptToRefusal({ status: 400, message, param }, defaultQuirks);
      expect(adapted?.quirks.mode, message).toBe("json_object");
      expect(adapted?.notice).toContain("this provider refused strict JSON schema; using JSON mode");
    }
  });

  it("leaves a refusal about something else alone", () => {
    for (const message of ["Invalid 'messages[1].content': string too long.", "Unknown model: gpt-9", 'Invalid JSON payload received. Unknown name "top_k": Cannot find field.'])
      expect(adaptToRefusal({ status: 400, message, param: null }, defaultQuirks), message).toBeNull();
    expect(adaptToRefusal({ status: 500, message: "This response_format type is unavailable now", param: null }, defaultQuirks)).toBeNull();
  });
});

describe("contextWindowIn", () => {
  it("reads the window and the request's tokens where a refusal gives them, and nothing where it does not", () => {
    expect(
      contextWindowIn(
        "This model's maximum context length is 4097 tokens. However, you requested 4203 tokens (3703 in the messages, 500 in the completion). Please reduce the length of the messages or completion.",
      ),
    ).toEqual({ window: 4097, messages: 3703, completion: 500 });
    expect(contextWindowIn("This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens. Please reduce the length of the messages.")).toEqual({
      window: 8192,
      messages: 8227,
      completion: null,
    });
    expect(contextWindowIn("request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it")).toMatchObject({ window: 8192, messages: 9000 });
    expect(contextWindowIn("This model's maximum context length is 128,000 tokens. However, your request has 130,512 input tokens. Please reduce the length of the input messages.")).toEqual({
      window: 128_000,
      messages: 130_512,
      completion: null,
    });
    expect(contextWindowIn("This model's maximum context length is 8192 tokens. However, you requested 4096 output tokens and your prompt contains 6000 input tokens")).toEqual({
      window: 8192,
      messages: 6000,
      completion: 4096,
    });
    expect(contextWindowIn("Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8192. Given: 6000 `inputs` tokens and 4096 `max_new_tokens`")).toEqual({
      window: 8192,
      messages: 6000,
      completion: 4096,
    });
    expect(contextWindowIn("the request exceeds the available context size, try increasing it")).toBeNull();
    expect(contextWindowIn("Rate limit reached")).toBeNull();
  });
});
