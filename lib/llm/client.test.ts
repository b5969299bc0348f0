import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import { createTestDb } from "@/db/testing";
import { judgmentSchema } from "@/lib/judge/contract";
import { createLlmClient, ProviderError } from "./client";
import { retryAfterMs } from "./retry";

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
let server: http.Server | null = null;
const seen: { body: Record<string, unknown>; at: number }[] = [];

/** A local OpenAI-compatible server that answers with the given replies in order. */
async function serve(replies: (Reply | ((body: Record<string, unknown>) => Reply))[]): Promise<string> {
  seen.length = 0;
  let index = 0;
  server = http.createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      seen.push({ body, at: Date.now() });
      const entry = replies[Math.min(index++, replies.length - 1)]!;
      const reply = typeof entry === "function" ? entry(body) : entry;
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const completion = (content: string) => ({
  status: 200,
  body: { id: "x", object: "chat.completion", created: 0, model: "m", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } },
});
const request = { model: "m", messages: [{ role: "user" as const, content: "hi" }], schema: judgmentSchema };
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

  it("sends the strict JSON schema and falls back to JSON mode, then to none, when the provider refuses it", async () => {
    const refuse = (message: string) => ({ status: 400, body: { error: { message } } });
    const baseURL = await serve([refuse("response_format json_schema is not supported"), refuse("response_format json_object is not supported"), completion('{"score": 2, "reasoning": "x"}')]);
    const client = createLlmClient({ ...options, baseURL });
    const result = await client.chat(request);
    expect(seen.map((call) => (call.body.response_format as { type?: string } | undefined)?.type ?? "none")).toEqual(["json_schema", "json_object", "none"]);
    expect((seen[0]!.body.response_format as { json_schema: { strict: boolean } }).json_schema.strict).toBe(true);
    expect(result).toMatchObject({ mode: "none", retries: 0 });
    expect(client.modeFor("m")).toBe("none");
  });

  it("gives up after maxRetries on 5xx and says how often it tried", async () => {
    const baseURL = await serve([{ status: 503, body: { error: { message: "overloaded" } } }]);
    const client = createLlmClient({ ...options, baseURL, maxRetries: 2 });
    const failure = await client.chat(request).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ kind: "server", retries: 2, status: 503 });
    expect(seen).toHaveLength(3);
  });

  it("does not retry a refused key", async () => {
    const baseURL = await serve([{ status: 401, body: { error: { message: "bad key" } } }]);
    const failure = await createLlmClient({ ...options, baseURL }).chat(request).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: "auth", retries: 0 });
    expect(seen).toHaveLength(1);
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
