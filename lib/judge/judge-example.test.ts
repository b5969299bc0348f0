import { afterEach, describe, expect, it } from "vitest";
import { createLlmClient } from "@/lib/llm/client";
import { completion, serveReplies, type FakeServer } from "@/lib/llm/fake-server";
import { judgeExample } from "./judge-example";
import { ECHOED_ANSWER_CHARS, NO_ANSWER, reaskText } from "./reask";

let fake: FakeServer | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const input = { model: "m", instruction: "Rate the reply.", inputFields: ["reply"], inputs: { reply: "Thanks!" } };
const judge = async (replies: Parameters<typeof serveReplies>[0]) => {
  fake = await serveReplies(replies);
  const client = createLlmClient({ baseURL: fake.baseURL, apiKey: "k", timeoutMs: 2000, maxRetries: 0, concurrency: 1, backoffBaseMs: 5 });
  return judgeExample(client, input);
};

describe("judgeExample re-asks an unreadable answer once", () => {
  it("continues the conversation with the answer and what was wrong with it, and reads the second answer", async () => {
    const outcome = await judge([completion("I would say it deserves a four."), completion('{"reasoning":"Polite.","score":4}')]);
    expect(outcome).toMatchObject({ status: "ok", score: 4, reasoning: "Polite.", reasked: true, modelCalls: 2, cacheHits: 0, tokensIn: 22, tokensOut: 14 });
    const [first, second] = fake!.seen.map((entry) => entry.body);
    expect(second).toEqual({
      ...first,
      messages: [
        ...(first!.messages as unknown[]),
        { role: "assistant", content: "I would say it deserves a four." },
        {
          role: "user",
          content:
            'Your answer could not be read: no JSON object with an integer score from 1 to 5.\nAnswer again with only the JSON object with the keys "reasoning" (one or two sentences) and "score" (an integer from 1 to 5).',
        },
      ],
    });
  });

  it("stands in for an empty answer, and says both problems when the second answer is unreadable too", async () => {
    const outcome = await judge([completion("", "length"), completion("", "length"), completion('{"reasoning":"x","score":9}')]);
    expect(outcome).toMatchObject({
      status: "malformed",
      score: null,
      reasked: true,
      error: 'the answer was cut off at the token limit (finish_reason "length"); asked again: score 9 is not an integer from 1 to 5',
    });
    // The client asked once more with more room, cut off again; then the judge re-asked.
    expect(fake!.seen.map((entry) => (entry.body.messages as unknown[]).length)).toEqual([2, 2, 4]);
    const last = fake!.seen.at(-1)!.body.messages as { role: string; content: string }[];
    // Some chat templates refuse two user turns in a row, so the empty answer has a stand-in.
    expect(last.slice(-2)).toEqual([
      { role: "assistant", content: NO_ANSWER },
      { role: "user", content: reaskText('the answer was cut off at the token limit (finish_reason "length")') },
    ]);
  });

  it("does not re-ask a readable answer or a refusal, and keeps the first answer when the re-ask fails", async () => {
    expect(await judge([completion('{"reasoning":"ok","score":2}')])).toMatchObject({ status: "ok", reasked: false, modelCalls: 1 });
    expect(fake!.seen).toHaveLength(1);
    await fake!.close();
    const refused = await judge([completion("", "stop", { refusal: "I can't help with that." })]);
    expect(refused).toMatchObject({ status: "malformed", reasked: false, error: "the model refused: I can't help with that." });
    expect(fake!.seen).toHaveLength(1);
    await fake!.close();
    const refusedAgain = await judge([completion("not json"), { status: 400, body: { error: { message: "bad request", type: "invalid_request_error" } } }]);
    expect(refusedAgain).toMatchObject({ status: "malformed", reasked: false, raw: "not json", error: "no JSON object with an integer score from 1 to 5" });
    expect(fake!.seen).toHaveLength(2);
    await fake!.close();
    // A re-ask that fails as any call can (the server down) is a failed call, not a score.
    const down = await judge([completion("x".repeat(5000)), { status: 503, body: { error: { message: "overloaded", type: "server_error" } } }]);
    expect(down).toMatchObject({ status: "error", errorKind: "server", score: null });
    // Only the start of a long unreadable answer is sent back.
    expect((fake!.seen[1]!.body.messages as { content: string }[])[2]!.content).toBe("x".repeat(ECHOED_ANSWER_CHARS));
  });
});
