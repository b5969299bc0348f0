// Test support: a local OpenAI-compatible server that answers with scripted replies and records
// every request body it received, so tests can assert exactly what the client sent.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export interface FakeServer {
  baseURL: string;
  /** Every request body in arrival order, with when it arrived. */
  seen: { body: Record<string, unknown>; at: number }[];
  close(): Promise<void>;
}

/** Answers with the given replies in order; the last one repeats. */
export async function serveReplies(replies: (Reply | ((body: Record<string, unknown>) => Reply))[]): Promise<FakeServer> {
  const seen: FakeServer["seen"] = [];
  let index = 0;
  const server = http.createServer((request, response) => {
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A chat completion as OpenAI returns it. */
export const completion = (content: string, finishReason = "stop", extra: { refusal?: string } = {}): Reply => ({
  status: 200,
  body: {
    id: "x",
    object: "chat.completion",
    created: 0,
    model: "m",
    choices: [{ index: 0, message: { role: "assistant", content, ...(extra.refusal ? { refusal: extra.refusal } : {}) }, finish_reason: finishReason }],
    usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
  },
});
