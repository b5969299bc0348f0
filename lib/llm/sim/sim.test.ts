import { describe, expect, it } from "vitest";
import { generateSupportReplies } from "@/lib/demo/support-replies";
import { parseJudgeOutput } from "@/lib/judge/parse";
import { renderJudgeMessages } from "@/lib/judge/render";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { computeJudgeMetrics } from "@/lib/metrics";
import { buildReflectionMessages } from "@/lib/optimizer/reflection-prompt";
import { criteria } from "./criteria";
import { handleSimChat, noFaults } from "./handler";

const rows = generateSupportReplies().slice(0, 120);
const fields = ["customer_message", "agent_reply"];
const seed = seedInstruction("Rate the quality of the support agent's reply to the customer's message.", null);
const gold = (row: Record<string, string | number>) => {
  const scores = ["priya", "marco", "lena"].map((name) => row[name]).filter((value): value is number => typeof value === "number");
  return scores.reduce((a, b) => a + b, 0) / scores.length;
};

function judge(instruction: string, row: Record<string, string | number>, faults = noFaults, attempt = 0) {
  const messages = renderJudgeMessages(instruction, fields, row as Record<string, string>);
  return handleSimChat({ model: "attune-sim-judge", messages }, { seed: 7, faults, attempt });
}

function nmseOf(instruction: string): number {
  return computeJudgeMetrics(
    rows.map((row) => {
      const response = judge(instruction, row);
      const content = response.kind === "json" ? (response.body as { choices: { message: { content: string } }[] }).choices[0]!.message.content : "";
      const parsed = parseJudgeOutput(content);
      return { gold: gold(row), judge: parsed.status === "ok" ? parsed.score : null };
    }),
  ).nmse;
}

describe("simulated judge", () => {
  it("is deterministic for a seed, instruction and example", () => {
    expect(judge(seed, rows[0]!)).toEqual(judge(seed, rows[0]!));
  });

  it("agrees with the humans more when the instruction states their criteria", () => {
    const stated = `${seed}\n${criteria.filter((criterion) => criterion.profile === "support").map((criterion) => criterion.statement).join("\n")}`;
    expect(nmseOf(stated)).toBeLessThan(nmseOf(seed) * 0.5);
  });

  it("gets worse when the instruction changes the scale or the output format", () => {
    const base = nmseOf(seed);
    expect(nmseOf(`${seed}\nScore from 1 to 10.`)).toBeGreaterThan(base * 2);
    expect(nmseOf(`${seed}\nAnswer in XML.`)).toBeGreaterThan(90);
  });

  it("injects transient faults that a retry can pass, and stable malformed answers", () => {
    const faults = { ...noFaults, rate429: 0.5 };
    const statuses = Array.from({ length: 8 }, (_, attempt) => {
      const response = judge(seed, rows[1]!, faults, attempt);
      return response.kind === "json" ? response.status : "hang";
    });
    expect(statuses).toContain(429);
    expect(statuses).toContain(200);
    const malformed = { ...noFaults, rateMalformed: 1 };
    const contentOf = (attempt: number) => {
      const response = judge(seed, rows[2]!, malformed, attempt);
      return response.kind === "json" ? (response.body as { choices: { message: { content: string } }[] }).choices[0]!.message.content : null;
    };
    expect(parseJudgeOutput(contentOf(0)!).status).toBe("malformed");
    expect(contentOf(5)).toBe(contentOf(0));
  });
});

describe("simulated reflection", () => {
  it("adds the criterion the human feedback talks about, and does it again identically", () => {
    const privacyRow = generateSupportReplies().find((row) => String(row.agent_reply).includes("password"))!;
    const messages = buildReflectionMessages({
      instruction: seed,
      maxLength: 4000,
      examples: [
        { inputFields: fields, inputs: privacyRow as Record<string, string>, judgeScore: 5, judgeReasoning: "The reply answers the question.", feedback: "judge gave 5, humans 1.0: too lenient by 4.0\nHuman rationale (priya): Asks for the customer's password - never acceptable." },
      ],
    });
    const proposals = [0, 1].map(() => {
      const response = handleSimChat({ model: "attune-sim-reflect", messages, response_format: { type: "json_schema", json_schema: { name: "instruction_proposal" } } }, { seed: 11, faults: noFaults, attempt: 0 });
      return JSON.parse((response as { body: { choices: { message: { content: string } }[] } }).body.choices[0]!.message.content) as { instruction: string };
    });
    expect(proposals[0]).toEqual(proposals[1]);
    expect(proposals[0]!.instruction.startsWith(seed)).toBe(true);
    expect(proposals[0]!.instruction.length).toBeGreaterThan(seed.length);
  });
});
