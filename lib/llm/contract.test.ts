import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteResponseCache } from "@/db/queries/llm-cache";
import { createTestDb } from "@/db/testing";
import { generateSupportReplies } from "@/lib/demo/support-replies";
import { judgeExample } from "@/lib/judge/judge-example";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { buildReflectionMessages, proposalOutput, REFLECTION_MAX_TOKENS } from "@/lib/optimizer/reflection-prompt";
import { createLlmClient, ProviderError } from "./client";
import { isContextOverflow } from "./provider-error";
import { noFaults } from "./sim/handler";
import { simProfiles } from "./sim/profiles";
import { startSimServer, type SimServer } from "./sim/server";

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ seed: 7, faults: noFaults });
});
afterAll(() => sim.close());

const rows = generateSupportReplies().slice(0, 30) as Record<string, string>[];
const inputFields = ["customer_message", "agent_reply"];
const instruction = seedInstruction("Rate the quality of the support agent's reply to the customer's message.", null);

/** What each kind of server should end up with, once the client has learned its quirks; `broken`: first answers that could not be read. */
const expected: Record<string, { mode: string; notices: RegExp[]; broken: "none" | "some" | "all" }> = {
  "attune-sim-judge": { mode: "json_schema", notices: [], broken: "none" },
  "attune-sim-reflect": { mode: "json_schema", notices: [], broken: "none" },
  "attune-sim-reflect-rewriting": { mode: "json_schema", notices: [], broken: "none" },
  "attune-sim-no-schema": { mode: "json_object", notices: [/^this provider refused strict JSON schema; using JSON mode/], broken: "none" },
  "attune-sim-think": { mode: "json_schema", notices: [], broken: "none" },
  "attune-sim-reasoning": { mode: "json_schema", notices: [/refused max_tokens; using max_completion_tokens/, /refused a temperature of 0/], broken: "none" },
  "attune-sim-truncating": { mode: "json_schema", notices: [/^answers were cut off \(finish_reason "length"\) even with 4096 tokens of room, 3 times/], broken: "some" },
  "attune-sim-lenient": { mode: "json_schema", notices: [], broken: "none" },
  "attune-sim-small": { mode: "json_schema", notices: [], broken: "some" },
  "attune-sim-overthinking": { mode: "json_schema", notices: [/^answers were cut off \(finish_reason "length"\) even with 4096 tokens of room, 3 times/], broken: "all" },
  "attune-sim-large": { mode: "json_schema", notices: [], broken: "none" },
  "attune-sim-short-context": { mode: "json_schema", notices: [], broken: "none" },
  "attune-sim-long-thinking": { mode: "json_schema", notices: [/^answers were cut off at 1024 tokens \(finish_reason "length"\); allowing 4096$/], broken: "none" },
};

describe("the real client against every simulated server profile", () => {
  it("covers every profile the simulator offers", () => {
    expect(Object.keys(expected).sort()).toEqual(simProfiles.map((profile) => profile.id).sort());
  });

  for (const profile of simProfiles) {
    it(`${profile.id}: judges through whatever the server accepts, reflects, and never caches a cut-off answer`, async () => {
      const cache = sqliteResponseCache(createTestDb());
      const client = createLlmClient({ baseURL: sim.baseURL, apiKey: "k", timeoutMs: 5000, maxRetries: 1, concurrency: 4, cache });
      const outcomes = await Promise.all(rows.map((inputs) => judgeExample(client, { model: profile.id, instruction, inputFields, inputs })));
      const want = expected[profile.id]!;
      expect(outcomes.filter((outcome) => outcome.status === "error")).toEqual([]);
      const reasked = outcomes.filter((outcome) => outcome.reasked);
      const malformed = outcomes.filter((outcome) => outcome.status === "malformed");
      // An unreadable answer is asked for once more, and never again.
      expect(malformed.every((outcome) => outcome.reasked)).toBe(true);
      if (want.broken === "none") expect(reasked).toEqual([]);
      else if (want.broken === "all") expect(malformed).toHaveLength(rows.length);
      else {
        expect(reasked.length).toBeGreaterThan(0);
        // Asked again, most broken answers come back whole.
        expect(malformed.length).toBeLessThan(reasked.length);
      }
      if (want.broken !== "all") expect(outcomes.filter((outcome) => outcome.status === "ok").length).toBeGreaterThan(rows.length / 2);
      for (const outcome of outcomes.filter((entry) => entry.status === "ok")) expect(outcome.raw).not.toMatch(/<think>/);
      expect(client.modeFor(profile.id)).toBe(want.mode);
      const notices = client.noticesFor(profile.id);
      expect(notices).toHaveLength(want.notices.length);
      want.notices.forEach((pattern, index) => expect(notices[index]).toMatch(pattern));

      // Judged again: finished answers come from the cache, cut-off ones are asked for again.
      const again = await Promise.all(rows.map((inputs) => judgeExample(client, { model: profile.id, instruction, inputFields, inputs })));
      again.forEach((outcome, index) => {
        if (!outcomes[index]!.reasked) expect(outcome.cached).toBe(true);
        else if (profile.id !== "attune-sim-small") expect(outcome.cached).toBe(false);
        expect(outcome.score).toBe(outcomes[index]!.score);
      });

      const reflection = await client.chat({
        model: profile.id,
        messages: buildReflectionMessages({ instruction, maxLength: 4000, examples: [] }),
        output: proposalOutput,
        maxTokens: REFLECTION_MAX_TOKENS,
        temperature: 0,
      });
      if (reflection.finishReason === "stop") expect((JSON.parse(reflection.content) as { instruction: string }).instruction.startsWith(instruction)).toBe(true);
      if (want.broken === "all") expect(reflection).toMatchObject({ content: "", finishReason: "length" });
    });
  }

  it("attune-sim-short-context: refuses a prompt longer than its window as OpenAI does, and the client reads it as a context overflow", async () => {
    const client = createLlmClient({ baseURL: sim.baseURL, apiKey: "k", timeoutMs: 5000, maxRetries: 1, concurrency: 4 });
    const examples = rows.map((inputs) => ({ inputFields, inputs, judgeScore: 3, judgeReasoning: "Fine.", feedback: "judge gave 3, humans 2.0: one point too generous" }));
    const request = {
      model: "attune-sim-short-context",
      messages: buildReflectionMessages({ instruction, maxLength: 4000, examples }),
      output: proposalOutput,
      maxTokens: REFLECTION_MAX_TOKENS,
      temperature: 0,
    };
    const error = await client.chat(request).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    expect((error as ProviderError).message).toMatch(/This model's maximum context length is 8192 tokens\. However, you requested \d+ tokens \(\d+ in the messages, 4096 in the completion\)\./);
    expect(isContextOverflow(error)).toBe(true);
    // Without the examples the same request fits.
    const small = await client.chat({ ...request, messages: buildReflectionMessages({ instruction, maxLength: 4000, examples: examples.slice(0, 2) }) });
    expect(small.finishReason).toBe("stop");
  });
});
