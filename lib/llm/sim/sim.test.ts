import { describe, expect, it } from "vitest";
import { generateSupportReplies } from "@/lib/demo/support-replies";
import { judgmentOutput } from "@/lib/judge/contract";
import { parseJudgeOutput } from "@/lib/judge/parse";
import { judgeRequest } from "@/lib/judge/render";
import { seedInstruction } from "@/lib/judge/seed-instruction";
import { chatCompletionBody } from "@/lib/llm/request-format";
import { computeJudgeMetrics } from "@/lib/metrics";
import { buildReflectionMessages, proposalOutput } from "@/lib/optimizer/reflection-prompt";
import { handleSimChat, noFaults, type SimFaults } from "./handler";
import { SUMMEVAL_ANCHORS, SUMMEVAL_TASK } from "@/lib/demo/summeval";
import { summaryWorld } from "./worlds/summary";
import { supportWorld } from "./worlds/support";
import { simulateJudgment } from "./judge";
import { simProfile } from "./profiles";
import { BREVITY_LINE, simulateReflection } from "./reflect";
import { DROP_RATE, REWRITE_LEAD, rewriteInstruction } from "./rewrite";
import { activeCriteria } from "./world";
import { defaultWorlds } from "./worlds";

const rows = generateSupportReplies().slice(0, 120);
const fields = ["customer_message", "agent_reply"];
const seed = seedInstruction("Rate the quality of the support agent's reply to the customer's message.", null);
const gold = (row: Record<string, string | number>) => {
  const scores = ["priya", "marco", "lena"].map((name) => row[name]).filter((value): value is number => typeof value === "number");
  return scores.reduce((a, b) => a + b, 0) / scores.length;
};

type Completion = { choices: { message: { content: string; reasoning_content?: string }; finish_reason: string }[] };
const send = (body: unknown, faults: SimFaults = noFaults, attempt = 0) => handleSimChat(body, { seed: 7, faults, attempt });
const contentOf = (response: ReturnType<typeof send>) => (response.kind === "json" ? (response.body as Completion).choices[0]!.message.content : null);
const errorOf = (response: ReturnType<typeof send>) =>
  response.kind === "json" ? { status: response.status, ...(response.body as { error: { message: string; param: string | null } }).error } : null;

const judgeBody = (instruction: string, row: Record<string, string | number>, model = "attune-sim-judge") =>
  chatCompletionBody(judgeRequest(model, instruction, fields, row as Record<string, string>));

function nmseOf(instruction: string, model = "attune-sim-judge"): number {
  return computeJudgeMetrics(
    rows.map((row) => {
      const parsed = parseJudgeOutput(contentOf(send(judgeBody(instruction, row, model)))!);
      return { gold: gold(row), judge: parsed.status === "ok" ? parsed.score : null };
    }),
  ).nmse;
}

describe("simulated judge", () => {
  it("is deterministic for a seed, instruction and example", () => {
    expect(send(judgeBody(seed, rows[0]!))).toEqual(send(judgeBody(seed, rows[0]!)));
  });

  it("agrees with the humans more when the instruction states their criteria", () => {
    const stated = `${seed}\n${supportWorld.criteria.map((criterion) => criterion.statement).join("\n")}`;
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
      const response = send(judgeBody(seed, rows[1]!), faults, attempt);
      return response.kind === "json" ? response.status : "hang";
    });
    expect(statuses).toContain(429);
    expect(statuses).toContain(200);
    const malformed = { ...noFaults, rateMalformed: 1 };
    const first = send(judgeBody(seed, rows[2]!), malformed, 0);
    expect(parseJudgeOutput(contentOf(first)!).status).toBe("malformed");
    // Under an enforced strict schema a broken answer is one that ran out of tokens.
    expect((first as { body: Completion }).body.choices[0]!.finish_reason).toBe("length");
    expect(contentOf(send(judgeBody(seed, rows[2]!), malformed, 5))).toBe(contentOf(first));
  });

  it("reads a judge prompt written as `Label: value` fields and answers in the lines it asks for", () => {
    const reply = String(rows[3]!.agent_reply);
    const body = {
      model: "attune-sim-judge",
      messages: [
        {
          role: "system",
          content: `You will be provided with the following fields: \`Customer Message\`, \`Agent Reply\`. Your task is to generate new fields: \`Reasoning\`, \`Score\`.\nReasoning (wire key: \`reasoning\`): why.\nScore (wire key: \`score\`): 1-5.\n<task_definition>\n${seed}\n</task_definition>\nReturn one \`field name: value\` pair per line.`,
        },
        { role: "user", content: `Customer Message: ${rows[3]!.customer_message}\n\nAgent Reply: ${reply}\n` },
      ],
    };
    const lines = contentOf(send(body))!;
    expect(lines).toMatch(/^reasoning: The reply .+\nscore: [1-5]$/);
    const ours = JSON.parse(contentOf(send(judgeBody(seed, rows[3]!)))!) as { score: number };
    expect(lines.endsWith(`score: ${ours.score}`)).toBe(true);
  });
});

describe("simulated server contract", () => {
  const judgment = judgeBody(seed, rows[0]!);
  const withSchema = (schema: unknown, name = "judgment") => ({ ...judgment, response_format: { type: "json_schema", json_schema: { name, strict: true, schema } } });

  it("refuses a strict schema that breaks OpenAI's rules, with the server's message", () => {
    const wrapped = withSchema({ name: "judgment", schema: judgmentOutput.schema });
    expect(errorOf(send(wrapped))).toMatchObject({
      status: 400,
      param: "response_format",
      message: expect.stringMatching(/^Invalid schema for response_format 'judgment': schema must be a JSON Schema of 'type: "object"', got 'type: "None"'/),
    });
    const open = withSchema({ type: "object", properties: { score: { type: "integer" } }, required: ["score"] });
    expect(errorOf(send(open))!.message).toMatch(/'additionalProperties' is required to be supplied and to be false/);
    const partial = withSchema({ type: "object", properties: { score: { type: "integer" }, reasoning: { type: "string" } }, required: ["score"], additionalProperties: false });
    expect(errorOf(send(partial))!.message).toMatch(/Missing 'reasoning'/);
    expect(errorOf(send(withSchema(judgmentOutput.schema, "my judgment")))).toMatchObject({ status: 400, param: "response_format.json_schema.name" });
  });

  it("on a lenient server, follows whatever schema it is given: a wrapped schema gets an empty object", () => {
    const wrapped = { ...withSchema({ name: "judgment", schema: judgmentOutput.schema }), model: "attune-sim-lenient" };
    expect(contentOf(send(wrapped))).toBe("{}");
  });

  it("answers 404 for an unknown model and 400 for json_schema on a server without structured outputs", () => {
    expect(errorOf(send({ ...judgment, model: "gpt-4o-mini" }))).toMatchObject({ status: 404, message: expect.stringContaining("'gpt-4o-mini' does not exist") });
    expect(errorOf(send({ ...judgment, model: "attune-sim-no-schema" }))).toMatchObject({ status: 400, message: expect.stringContaining("does not support 'json_schema'") });
    expect(contentOf(send({ ...judgment, model: "attune-sim-no-schema", response_format: { type: "json_object" } }))).toMatch(/^\{"reasoning":/);
  });

  it("tells judge from reflection by reading the messages, not by the schema's name", () => {
    const messages = buildReflectionMessages({ instruction: seed, maxLength: 4000, examples: [] });
    const disguised = withSchema({ type: "object", properties: { instruction: { type: "string" } }, required: ["instruction"], additionalProperties: false });
    const reflection = JSON.parse(contentOf(send({ ...disguised, messages }))!) as { instruction: string };
    expect(reflection.instruction.startsWith(seed)).toBe(true);
    const judged = JSON.parse(contentOf(send(withSchema(judgmentOutput.schema, "instruction_proposal")))!);
    expect(Object.keys(judged)).toEqual(["reasoning", "score"]);
  });

  it("puts thinking where each profile does and cuts answers short at max_tokens", () => {
    expect(contentOf(send({ ...judgment, model: "attune-sim-think" }))).toMatch(/^<think>\n[\s\S]+\n<\/think>\n\n\{"reasoning"/);
    const reasoning = send({ ...judgment, model: "attune-sim-reasoning", temperature: undefined, max_tokens: undefined, max_completion_tokens: 256 });
    expect((reasoning as { body: Completion }).body.choices[0]!.message.reasoning_content).toBeTruthy();
    expect(errorOf(send({ ...judgment, model: "attune-sim-reasoning" }))).toMatchObject({ status: 400, param: "max_tokens" });
    const cut = send({ ...judgment, max_tokens: 4 }) as { body: Completion };
    expect(cut.body.choices[0]!.finish_reason).toBe("length");
    expect(cut.body.choices[0]!.message.content.length).toBeLessThanOrEqual(16);
  });
});

describe("simulated reflection", () => {
  it("adds the criterion the human feedback talks about, and does it again identically", () => {
    const privacyRow = generateSupportReplies().find((row) => String(row.agent_reply).includes("password"))!;
    const messages = buildReflectionMessages({
      instruction: seed,
      maxLength: 4000,
      examples: [
        {
          inputFields: fields,
          inputs: privacyRow as Record<string, string>,
          judgeScore: 5,
          judgeReasoning: "The reply answers the question.",
          feedback: "judge gave 5, humans 1.0: too lenient by 4.0\nHuman rationale (priya): Asks for the customer's password - never acceptable.",
        },
      ],
    });
    const body = {
      model: "attune-sim-reflect",
      messages,
      response_format: {
        type: "json_schema",
        json_schema: { name: "proposal", strict: true, schema: { type: "object", properties: { instruction: { type: "string" } }, required: ["instruction"], additionalProperties: false } },
      },
    };
    const proposals = [0, 1].map(() => JSON.parse(contentOf(send(body))!) as { instruction: string });
    expect(proposals[0]).toEqual(proposals[1]);
    expect(proposals[0]!.instruction.startsWith(seed)).toBe(true);
    expect(proposals[0]!.instruction.length).toBeGreaterThan(seed.length);
  });

  it("copies a run of words whole from one example's field or rationale when it leaks, never across examples or the prompt's labels", () => {
    const humans = rows.slice(0, 12).map((row) => ({
      kind: "humans" as const,
      inputFields: fields,
      inputs: row as Record<string, string>,
      humanScore: 3,
      rationales: [{ labeler: "priya", rationale: "The reply is polite, but it never says when the refund will arrive or what to do next." }],
    }));
    const passages = [...humans.flatMap((example) => fields.map((field) => example.inputs[field]!)), humans[0]!.rationales[0]!.rationale].map((text) => text.split(/\s+/).join(" "));
    const quotes = Array.from({ length: 120 }, (_, index) =>
      simulateReflection({
        seed: index,
        worlds: defaultWorlds,
        instruction: seed,
        evidence: buildReflectionMessages({ instruction: seed, maxLength: 4000, examples: humans })[1]!.content,
        retrying: false,
      }),
    ).flatMap((proposal) => [...proposal.matchAll(/text such as "(.*)" deserves a low score/g)].map((match) => match[1]!));
    expect(quotes.length).toBeGreaterThan(3);
    for (const quote of quotes) {
      expect(quote.split(" ")).toHaveLength(10);
      expect(passages.some((passage) => passage.includes(quote))).toBe(true);
    }
  });

  it("a rewriting model restates the criteria in one paragraph, in its own order and words, keeps the task's frame, and now and then leaves one out", () => {
    const [privacy, blame, steps] = ["privacy", "blame", "steps"].map((id) => supportWorld.criteria.find((criterion) => criterion.id === id)!);
    const instruction = [seed, privacy!.statement, blame!.statement, BREVITY_LINE].join("\n");
    const rewrites = Array.from({ length: 200 }, (_, index) => rewriteInstruction({ seed: 7, world: supportWorld, instruction, added: [steps!], extra: [], key: `proposal ${index}` }));
    for (const rewrite of rewrites) {
      const lines = rewrite.split("\n");
      // The frame as it was: role, task, scale, and the general advice, each on its own line.
      expect(lines.slice(0, -1)).toEqual([...seed.split("\n"), BREVITY_LINE]);
      expect(lines.at(-1)!.startsWith(REWRITE_LEAD)).toBe(true);
      expect(activeCriteria(supportWorld, rewrite).has("steps")).toBe(true);
    }
    const stated = rewrites.map((rewrite) => [...activeCriteria(supportWorld, rewrite)].sort().join(","));
    const dropped = stated.filter((ids) => ids !== "blame,privacy,steps").length / rewrites.length;
    expect(dropped).toBeGreaterThan(DROP_RATE / 2);
    expect(dropped).toBeLessThan(DROP_RATE * 2);
    // Another wording than the lines it was given, for many proposals, and many different rewrites in all.
    expect(rewrites.filter((rewrite) => !rewrite.includes(privacy!.statement) || !rewrite.includes(blame!.statement)).length).toBeGreaterThan(rewrites.length / 4);
    expect(new Set(rewrites).size).toBeGreaterThan(10);
  });

  it("a rewriting model keeps every line of the task's frame, even a scale level that speaks of what a criterion is about", () => {
    const summevalSeed = seedInstruction(SUMMEVAL_TASK, SUMMEVAL_ANCHORS);
    const unsupported = summaryWorld.criteria.find((criterion) => criterion.id === "unsupported")!;
    const redundancy = summaryWorld.criteria.find((criterion) => criterion.id === "redundancy")!;
    const instruction = `${summevalSeed}\n${unsupported.statement}`;
    for (let index = 0; index < 50; index++) {
      const rewrite = rewriteInstruction({ seed: 7, world: summaryWorld, instruction, added: [redundancy], extra: [], key: `proposal ${index}` });
      expect(rewrite.startsWith(`${summevalSeed}\n${REWRITE_LEAD} `)).toBe(true);
      expect(rewrite.split("\n")).toHaveLength(summevalSeed.split("\n").length + 1);
      expect(rewrite).toContain(redundancy.statement.slice(-30));
    }
  });

  it("the rewriting model answers a reflection request with a rewrite, the default one with the instruction and a line more", () => {
    // Four replies the humans call accusatory: a reflection all but always writes that criterion down.
    const blame = supportWorld.criteria.find((criterion) => criterion.id === "blame")!;
    const blameRows = generateSupportReplies()
      .filter((row) => /you should have|your own fault/i.test(String(row.agent_reply)))
      .slice(0, 4);
    expect(blameRows).toHaveLength(4);
    const messages = buildReflectionMessages({
      instruction: seed,
      maxLength: 4000,
      examples: blameRows.map((row) => ({
        inputFields: fields,
        inputs: { customer_message: String(row.customer_message), agent_reply: String(row.agent_reply) },
        judgeScore: 4,
        judgeReasoning: "The reply answers the question.",
        feedback: "judge gave 4, humans 2.0: too lenient by 2.0\nHuman rationale (priya): Blames the customer, accusatory tone.",
      })),
    });
    const propose = (model: string) => (JSON.parse(contentOf(send(chatCompletionBody({ model, messages, output: proposalOutput, maxTokens: 4096 })))!) as { instruction: string }).instruction;
    const rewritten = propose("attune-sim-reflect-rewriting");
    expect(rewritten).toContain(REWRITE_LEAD);
    expect(activeCriteria(supportWorld, rewritten).has("blame")).toBe(true);
    expect(propose("attune-sim-reflect").startsWith(`${seed}\n`)).toBe(true);
    expect(propose("attune-sim-reflect")).toContain(`\n${blame.statement}`);
    expect(propose("attune-sim-reflect")).not.toContain(REWRITE_LEAD);
  });
});

describe("simulated models of different sizes", () => {
  const stated = `${seed}\n${supportWorld.criteria.map((criterion) => criterion.statement).join("\n")}`;
  const sizes = ["attune-sim-large", "attune-sim-judge", "attune-sim-small"];

  it("the large model is closest to the humans and the small one furthest (its broken answers count as the largest error)", () => {
    for (const instruction of [seed, stated]) {
      const [large, mid, small] = sizes.map((model) => nmseOf(instruction, model));
      expect(large).toBeLessThan(mid!);
      expect(small).toBeGreaterThan(mid!);
    }
  });

  it("the large model notices unstated criteria, so a naive instruction costs it least; spelling them out helps every size", () => {
    const [large, mid] = sizes.map((model) => nmseOf(seed, model));
    expect(large).toBeLessThan(mid! * 0.8);
    for (const model of sizes) expect(nmseOf(stated, model)).toBeLessThan(nmseOf(seed, model));
  });

  it("even with its answers parsed, the small model overlooks stated criteria that the mid one applies", () => {
    const skillNmse = (model: string) =>
      computeJudgeMetrics(
        rows.map((row) => ({
          gold: gold(row),
          judge: Number(
            simulateJudgment({
              seed: 7,
              worlds: defaultWorlds,
              instruction: stated,
              fields: { customer_message: String(row.customer_message), agent_reply: String(row.agent_reply) },
              skill: simProfile(model)!.skill,
            }).values.score,
          ),
        })),
      ).nmse;
    expect(skillNmse("attune-sim-small")).toBeGreaterThan(skillNmse("attune-sim-judge"));
    expect(simProfile("attune-sim-large")!.latencyMs).toBeGreaterThan(simProfile("attune-sim-small")!.latencyMs!);
  });

  it("the small model rambles past the JSON unless the instruction asks for brief reasoning", () => {
    const brokenShare = (instruction: string) => rows.filter((row) => parseJudgeOutput(contentOf(send(judgeBody(instruction, row, "attune-sim-small")))!).status !== "ok").length / rows.length;
    expect(brokenShare(stated)).toBeGreaterThan(0.25);
    expect(brokenShare(`${stated}\n${BREVITY_LINE}`)).toBeLessThan(0.08);
    // The mid model keeps its JSON whatever the instruction says about brevity.
    expect(nmseOf(`${stated}\n${BREVITY_LINE}`)).toBeCloseTo(nmseOf(stated), 0);
  });

  it("a reflection shown many broken answers asks for brevity; one shown the odd broken answer does not", () => {
    const malformed = `the judge's output was malformed (no JSON object); humans 3.0: counts as the largest error`;
    const reasked = `judge gave 3, humans 3.0: agrees\nThe judge's first answer could not be read (no JSON object), so it was asked again`;
    const judged = (broken: string | null, index: number) => ({
      inputFields: fields,
      inputs: { customer_message: String(rows[index]!.customer_message), agent_reply: String(rows[index]!.agent_reply) },
      judgeScore: broken === malformed ? null : 3,
      judgeReasoning: "",
      feedback: broken ?? "judge gave 3, humans 3.0: agrees",
    });
    const propose = (brokenCount: number, broken = malformed) => {
      const messages = buildReflectionMessages({ instruction: seed, examples: Array.from({ length: 10 }, (_, index) => judged(index < brokenCount ? broken : null, index)), maxLength: 4000 });
      return (JSON.parse(contentOf(send(chatCompletionBody({ model: "attune-sim-reflect", messages, output: proposalOutput, maxTokens: 4096 })))!) as { instruction: string }).instruction;
    };
    expect(propose(6)).toContain(BREVITY_LINE);
    expect(propose(1)).not.toContain(BREVITY_LINE);
    // Answers readable only once the judge was asked again are broken answers too.
    expect(propose(6, reasked)).toContain(BREVITY_LINE);
    expect(propose(1, reasked)).not.toContain(BREVITY_LINE);
  });
});
