import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import { createTestDb } from "@/db/testing";
import { judgmentOutput } from "@/lib/judge/contract";
import { createLlmClient, ProviderError } from "./client";
import { envSchema } from "@/lib/env";
import { describeProvider, providerFromEnv } from "./config";
import { redactSecrets } from "./redact";
import { completion, serveReplies, type FakeServer, type Reply } from "./fake-server";
import { retryAfterMs } from "./retry";
import { until } from "@/lib/testing";

let server: http.Server | null = null;
let fake: FakeServer | null = null;
let seen: FakeServer["seen"] = [];

/** A local OpenAI-compatible server that answers with the given replies in order. */
async function serve(replies: Parameters<typeof serveReplies>[0]): Promise<string> {
  fake = await serveReplies(replies);
  seen = fake.seen;
  return fake.baseURL;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
  await fake?.close();
  fake = null;
});

const request = { model: "m", messages: [{ role: "user" as const, content: "hi" }], output: judgmentOutput, maxTokens: 64 };
const options = { apiKey: "k", timeoutMs: 2000, maxRetries: 3, concurrency: 2, backoffBaseMs: 5 };

describe("createLlmClient", () => {
  it("retries a 429, honouring retry-after-ms, then returns the answer with its token counts", async () => {
    const baseURL = await serve([{ status: 429, body: { error: { message: "slow down" } }, headers: { "retry-after-ms": "120" } }, completion('{"reasoning":"r","score":3}')]);
    const client = createLlmClient({ ...options, baseURL });
    const result = await client.chat(request);
    expect(result).toMatchObject({ content: '{"reasoning":"r","score":3}', retries: 1, tokensIn: 11, tokensOut: 7, cached: false, mode: "json_schema" });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(110);
  });

  it("sends exactly the documented body: strict json_schema with the schema itself, temperature and max_tokens", async () => {
    const baseURL = await serve([completion('{"reasoning":"r","score":3}')]);
    await createLlmClient({ ...options, baseURL }).chat(request);
    expect(seen[0]!.body).toEqual({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      temperature: 0,
      max_tokens: 64,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "judgment",
          strict: true,
          schema: {
            type: "object",
            properties: {
              reasoning: { type: "string", description: "A brief explanation of the assessment." },
              score: { type: "integer", enum: [1, 2, 3, 4, 5], description: "1 is the lowest, 5 the highest." },
            },
            required: ["reasoning", "score"],
            additionalProperties: false,
          },
        },
      },
    });
  });

  it("falls back to JSON mode, then to plain text, only on a 400 that names the response format, and says so once", async () => {
    const refuse = (message: string, param: string | null = null) => ({ status: 400, body: { error: { message, type: "invalid_request_error", param, code: null } } });
    const baseURL = await serve([
      refuse("'response_format.type' must be 'text' or 'json_object'", "response_format"),
      refuse("response_format json_object is not supported"),
      completion('{"score": 2, "reasoning": "x"}'),
    ]);
    const client = createLlmClient({ ...options, baseURL });
    const result = await client.chat(request);
    expect(seen.map((call) => (call.body.response_format as { type?: string } | undefined)?.type ?? "none")).toEqual(["json_schema", "json_object", "none"]);
    expect(seen[2]!.body).toEqual({ model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0, max_tokens: 64 });
    expect(result).toMatchObject({ mode: "none", retries: 0 });
    expect(client.modeFor("m")).toBe("none");
    expect(client.noticesFor("m")).toEqual([expect.stringMatching(/^this provider refused strict JSON schema; using JSON mode/), expect.stringMatching(/^this provider refused JSON mode/)]);
    // Remembered for the model: the next call goes straight to the mode that works.
    await client.chat({ ...request, messages: [{ role: "user", content: "again" }] });
    expect(seen).toHaveLength(4);
    expect(seen[3]!.body.response_format).toBeUndefined();
  });

  it("treats a 400 about anything else as an error, not as a reason to drop the schema", async () => {
    const baseURL = await serve([{ status: 400, body: { error: { message: "Invalid value for 'messages[0].role'.", param: "messages" } } }]);
    const client = createLlmClient({ ...options, baseURL });
    await expect(client.chat(request)).rejects.toMatchObject({ kind: "rejected", status: 400 });
    expect(client.modeFor("m")).toBe("json_schema");
    expect(seen).toHaveLength(1);
  });

  it("switches to max_completion_tokens and drops temperature for a model that refuses them", async () => {
    const baseURL = await serve([
      {
        status: 400,
        body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", param: "max_tokens", code: "unsupported_parameter" } },
      },
      {
        status: 400,
        body: { error: { message: "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", param: "temperature", code: "unsupported_value" } },
      },
      completion('{"reasoning":"r","score":4}'),
    ]);
    const client = createLlmClient({ ...options, baseURL });
    await client.chat(request);
    expect(seen[2]!.body).toMatchObject({ max_completion_tokens: 64, response_format: { type: "json_schema" } });
    expect(seen[2]!.body).not.toHaveProperty("max_tokens");
    expect(seen[2]!.body).not.toHaveProperty("temperature");
  });

  it("strips a <think> block, and never caches an answer that was cut off or refused", async () => {
    const cut = (content: string, finishReason: string) => completion(content, finishReason);
    const baseURL = await serve([completion('<think>The reply is fine.</think>\n{"reasoning":"r","score":4}'), cut('{"reasoning":"long', "length"), cut('{"reasoning":"long', "length")]);
    const cache = sqliteResponseCache(createTestDb());
    const client = createLlmClient({ ...options, baseURL, cache });
    expect(await client.chat(request)).toMatchObject({ content: '{"reasoning":"r","score":4}', finishReason: "stop" });
    const other = { ...request, messages: [{ role: "user" as const, content: "other" }] };
    expect(await client.chat(other)).toMatchObject({ finishReason: "length", cached: false });
    expect(await client.chat(other)).toMatchObject({ finishReason: "length", cached: false });
    // Each cut-off answer was asked once more with four times the room, and was cut off again.
    expect(seen.map((entry) => entry.body.max_tokens)).toEqual([64, 64, 256, 64, 256]);
    expect(client.noticesFor("m")).toEqual([]);
  });

  it("gives a model that spends the token limit thinking four times the room, remembers it and says so once", async () => {
    // Like a reasoning model: 200 tokens of thinking first, so a smaller limit leaves an empty answer.
    const thinker = (body: Record<string, unknown>): Reply => {
      if (Number(body.max_tokens) >= 200) return completion('{"reasoning":"r","score":4}');
      return completion("", "length");
    };
    const baseURL = await serve([thinker]);
    const client = createLlmClient({ ...options, baseURL });
    expect(await client.chat(request)).toMatchObject({ content: '{"reasoning":"r","score":4}', finishReason: "stop" });
    expect(await client.chat({ ...request, messages: [{ role: "user", content: "again" }] })).toMatchObject({ finishReason: "stop" });
    expect(seen.map((entry) => entry.body.max_tokens)).toEqual([64, 256, 256]);
    expect(client.noticesFor("m")).toEqual(['answers were cut off at 64 tokens (finish_reason "length"); allowing 256']);
  });

  it("keeps the cut-off answer when the provider refuses the larger token limit", async () => {
    const baseURL = await serve([
      completion('{"reasoning":"lo', "length"),
      {
        status: 400,
        body: {
          error: {
            message: "'max_tokens' or 'max_completion_tokens' is too large: 256. This model's maximum context length is 300 tokens and your request has 100 input tokens (256 > 300 - 100).",
            type: "BadRequestError",
          },
        },
      },
    ]);
    const client = createLlmClient({ ...options, baseURL });
    expect(await client.chat(request)).toMatchObject({ content: '{"reasoning":"lo', finishReason: "length" });
    expect(seen.map((entry) => entry.body.max_tokens)).toEqual([64, 256]);
    expect(client.noticesFor("m")).toEqual([]);
  });

  it("stops asking again with more room once more room has not helped three times", async () => {
    const baseURL = await serve([completion('{"reasoning":"lo', "length")]);
    const client = createLlmClient({ ...options, baseURL });
    for (const content of ["a", "b", "c", "d"]) await client.chat({ ...request, messages: [{ role: "user", content }] });
    expect(seen.map((entry) => entry.body.max_tokens)).toEqual([64, 256, 64, 256, 64, 256, 64]);
    expect(client.noticesFor("m")).toEqual(['answers were cut off (finish_reason "length") even with 256 tokens of room, 3 times; no longer giving more room']);
  });

  it("gives up after maxRetries on 5xx and says how often it tried", async () => {
    const baseURL = await serve([{ status: 503, body: { error: { message: "overloaded" } } }]);
    const client = createLlmClient({ ...options, baseURL, maxRetries: 2 });
    const failure = await client.chat(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: "server", retries: 2, status: 503 });
    expect(seen).toHaveLength(3);
  });

  it("never lets a provider echo the key, an Authorization header or URL credentials into its error", async () => {
    const key = "sk-live-0123456789abcdefghij";
    server = http.createServer((request, response) => {
      response.writeHead(500, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: { message: `upstream refused ${request.headers.authorization} (api_key=${key}) via https://bob:hunter22@proxy.example/v1` } }));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const failure = (await createLlmClient({ ...options, apiKey: key, maxRetries: 0, baseURL: `http://127.0.0.1:${port}/v1` })
      .chat(request)
      .catch((error: unknown) => error)) as Error;
    expect(failure.message).toMatch(/failed with 500/);
    expect(failure.message).not.toContain(key);
    expect(failure.message).not.toContain("hunter22");
    expect(failure.message).not.toMatch(/Bearer sk-/);
    expect(redactSecrets("see http://admin:s3cret@host/v1", [])).toBe("see http://[redacted]@host/v1");
    expect(describeProvider({ ...providerFromEnv(envSchema.parse({ OPENAI_BASE_URL: "https://team:s3cret@llm.example/v1", OPENAI_API_KEY: key })) }).baseURL).toBe("https://[redacted]@llm.example/v1");
  });

  it("does not retry a refused key", async () => {
    const baseURL = await serve([{ status: 401, body: { error: { message: "bad key" } } }]);
    const failure = await createLlmClient({ ...options, baseURL })
      .chat(request)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: "auth", retries: 0 });
    expect(seen).toHaveLength(1);
  });

  it("quotes a refusal in one sentence: the status once, one full stop", async () => {
    const baseURL = await serve([{ status: 404, body: { error: { message: "The model 'nope' does not exist or you do not have access to it." } } }]);
    const failure = await createLlmClient({ ...options, baseURL })
      .chat(request)
      .catch((error: unknown) => error);
    expect((failure as Error).message).toBe("The model provider answered 404: The model 'nope' does not exist or you do not have access to it. Check the model name and the base URL.");
  });

  it("reports an unreachable provider clearly", async () => {
    const client = createLlmClient({ ...options, baseURL: "http://127.0.0.1:9/v1", maxRetries: 1 });
    const failure = await client.chat(request).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: "unreachable" });
    expect((failure as Error).message).toMatch(/Cannot reach the model provider at http:\/\/127.0.0.1:9\/v1/);
  });

  it("times out a hung call and retries it", async () => {
    let calls = 0;
    server = http.createServer((_request, response) => {
      if (calls++ === 0) return; // hang
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(completion('{"reasoning":"r","score":1}').body));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const result = await createLlmClient({ ...options, baseURL, timeoutMs: 300 }).chat(request);
    expect(result).toMatchObject({ retries: 1 });
    server.closeAllConnections();
  });

  it("settles a call whose body never ends: at once on cancel, and as a timeout (retried) otherwise", async () => {
    let calls = 0;
    let closed = 0;
    server = http.createServer((_request, response) => {
      calls++;
      response.on("close", () => closed++);
      response.writeHead(calls === 1 ? 401 : 200, { "content-type": "application/json" });
      if (calls === 3) return void response.end(JSON.stringify(completion('{"reasoning":"r","score":2}').body));
      response.write('{"error": {"message": "bad'); // and nothing more
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 100);
    const started = Date.now();
    const cancelled = await createLlmClient({ ...options, baseURL, timeoutMs: 60_000 })
      .chat(request, { signal: cancel.signal })
      .catch((error: unknown) => error);
    expect(cancelled).toMatchObject({ kind: "cancelled" });
    expect(Date.now() - started).toBeLessThan(2000);
    // A 200 whose body stalls counts as a timeout after the timeout and as much again, and is retried.
    const result = await createLlmClient({ ...options, baseURL, timeoutMs: 300 }).chat(request);
    expect(result).toMatchObject({ content: '{"reasoning":"r","score":2}', retries: 1 });
    // Neither stalled request is left open: the client aborted both.
    await until(() => closed === 3, "every response closed", { timeoutMs: 2000 });
  });

  it("answers a repeated request from the cache without calling the provider", async () => {
    const baseURL = await serve([completion('{"reasoning":"r","score":5}')]);
    const cache = sqliteResponseCache(createTestDb());
    const client = createLlmClient({ ...options, baseURL, cache });
    await client.chat(request);
    const again = await createLlmClient({ ...options, baseURL, cache }).chat(request);
    expect(again).toMatchObject({ cached: true, content: '{"reasoning":"r","score":5}', tokensIn: 11 });
    expect(seen).toHaveLength(1);
    // Another parameter is another key.
    await client.chat({ ...request, temperature: 0.7 });
    expect(seen).toHaveLength(2);
  });

  it("keeps at most `concurrency` calls in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    server = http.createServer((_request, response) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(completion('{"reasoning":"r","score":1}').body));
      }, 30);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const client = createLlmClient({ ...options, concurrency: 3, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` });
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.chat({ ...request, messages: [{ role: "user", content: `q${i}` }] })));
    expect(peak).toBe(3);
  });
});

describe("retryAfterMs", () => {
  it("reads milliseconds, seconds and HTTP dates, and caps long waits", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(10_000).toUTCString() }), 7_000)).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": "3600" }))).toBe(60_000);
    expect(retryAfterMs(new Headers())).toBeNull();
  });
});

describe("estimateCost", async () => {
  const { estimateCost } = await import("./config");
  it("prices input and output tokens per million, and gives none without prices", () => {
    expect(estimateCost({ input: 0.15, output: 0.6 }, 2_000_000, 500_000)).toBeCloseTo(0.6, 10);
    expect(estimateCost({ input: 0, output: 0 }, 1000, 1000)).toBeNull();
  });
});
