import { describe, expect, it } from "vitest";
import { checkGuardrails, exampleTextsOf, type GuardrailContext } from ".";
import { loadGuardrailCorpus, scoreGuardrails } from "./corpus";

const seed = "You are an expert evaluator.\nRate the quality of the support agent's reply to the customer's message.\nUse this scale:\n1 = Unacceptable reply\n5 = Excellent reply";
const context: GuardrailContext = {
  seedInstruction: seed,
  maxLength: 4000,
  exampleTexts: [
    "Hi Maria, I have issued a full refund to your original payment method for order #B37783, it shows in 3-5 business days.",
    "Paul Merson had another dig at Andros Townsend after his appearance for Tottenham against Burnley on Sunday.",
    "Please write to jo.smith@example.com or ping @helpdesk_bot; the case id is reply-163.",
    "Asks for the customer's password - never acceptable.",
    "The reply answers the question clearly and gives next steps.",
    "Hi Tom, sorry for the trouble with your order.",
    "Hi Ken, thanks for waiting, the parcel is on its way.",
    "Hi Sofia, the exchange is arranged.",
  ],
};
const kinds = (instruction: string) => checkGuardrails(instruction, context).map((violation) => violation.kind);

describe("scale guardrail", () => {
  it.each([
    `${seed}\nUse a finer scale from 1 to 10.`,
    `${seed}\nScore each reply from one to ten.`,
    `${seed}\nRate on a 1–3 scale.`,
    `${seed}\nGive it a score out of 100.`,
    `${seed}\nRate it on a ten point scale.`,
    `${seed}\nA flawless reply should score 10.`,
    `${seed}\nExpress the score as a percentage.`,
    `${seed}\nAssign letter grades.`,
    `${seed}\nUse grades A to F.`,
    `${seed}\nScores range from zero to five.`,
  ])("rejects %j", (instruction) => {
    expect(kinds(instruction)).toContain("scale");
  });

  it.each([
    `${seed}\nA reply that overpromises costs at least one point.`,
    `${seed}\nRefunds take 3-5 business days; a reply that says so is accurate.`,
    `${seed}\nGrade a reply by whether it solves the problem.`,
    `${seed}\nKeep to the 1 to 5 scale above.`,
  ])("lets a clean instruction pass: %j", (instruction) => {
    expect(kinds(instruction)).not.toContain("scale");
  });
});

describe("output contract guardrail", () => {
  it.each([
    `${seed}\nAnswer in XML with <score> and <reasoning> tags.`,
    `${seed}\nRespond in JSON with reasoning, score and confidence.`,
    `${seed}\nReturn only the number.`,
    `${seed}\nAlso include a confidence score field.`,
    `${seed}\nPut your explanation under "rationale" and the verdict under "verdict".`,
    `${seed}\nWrite the answer as plain text.`,
  ])("rejects %j", (instruction) => {
    expect(kinds(instruction)).toContain("outputContract");
  });

  it("lets criteria through", () => {
    expect(kinds(`${seed}\nPenalise replies that blame the customer.`)).toEqual([]);
  });

  it.each([`${seed}\nRespond in JSON.`, `${seed}\nRespond with a JSON object with two keys: reasoning and score.`, `${seed}\nDo not include any text outside the JSON object.`])(
    "lets a line through that restates the contract code appends: %j",
    (instruction) => {
      expect(kinds(instruction)).toEqual([]);
    },
  );
});

describe("leakage guardrail", () => {
  it("rejects 8 copied words even with changed case and punctuation", () => {
    expect(kinds(`${seed}\nFor example: "PAUL MERSON had another dig -- at Andros; Townsend after his" is bad.`)).toContain("leakage");
    expect(kinds(`${seed}\nNote: i have issued a full refund, to your ORIGINAL payment method.`)).toContain("leakage");
  });

  it.each([
    [`${seed}\nOrders like #B37783 need care.`, "b37783"],
    [`${seed}\nTell them to write to jo.smith@example.com.`, "jo.smith@example.com"],
    [`${seed}\nIgnore messages from @helpdesk_bot.`, "@helpdesk_bot"],
    [`${seed}\nCase reply-163 is typical.`, "reply-163"],
    [`${seed}\nReplies about Townsend are special.`, "Townsend"],
  ])("rejects an identifier or name from the examples: %j", (instruction, token) => {
    const leak = checkGuardrails(instruction, context).find((violation) => violation.kind === "leakage");
    expect(leak?.reason).toContain(token);
  });

  it("rejects a quotation made mostly of an example's words, with a word dropped or changed", () => {
    // The example says "a full refund … for order #B37783, it shows in 3-5 business days": no 8 words are copied whole.
    const instruction = `${seed}\nReplies like "I have issued a refund to your original payment method, it shows in business days" are ideal.`;
    const leak = checkGuardrails(instruction, context).find((violation) => violation.kind === "leakage");
    expect(leak?.reason).toBe('quotes "I have issued a refund to your original payment method, it shows in business days" from the examples');
  });

  it("reads quotations in single quotes, with apostrophes inside them", () => {
    const instruction = `${seed}\nReplies like 'I have issued a refund to your original payment method, it shows in business days' are ideal.`;
    expect(checkGuardrails(instruction, context).find((violation) => violation.kind === "leakage")?.reason).toBe(
      'quotes "I have issued a refund to your original payment method, it shows in business days" from the examples',
    );
    const curly = `${seed}\nDon't reward replies like ‘I have issued a refund to your original payment method, it shows in business days’.`;
    expect(kinds(curly)).toEqual(["leakage"]);
    expect(kinds(`${seed}\nThe customers' wording matters: a reply that says 'we don't know yet, but we'll tell you by Friday' is honest.`)).toEqual([]);
    // A possessive inside the quotation does not end it; an opening quote before a digit opens none.
    expect(kinds(`${seed}\nDon't reward 'we checked the customers' accounts: I have issued a refund to your original payment method, it shows in business days'.`)).toEqual(["leakage"]);
    expect(kinds(`${seed}\nThe '90s style of reply, 'as per my last email', and the agents' sign-offs do not matter.`)).toEqual([]);
  });

  it("lets a short quoted phrase pass, and a quotation mostly not in the examples", () => {
    expect(kinds(`${seed}\nReplies that only say "I have issued a refund" resolve it.`)).toEqual([]);
    expect(kinds(`${seed}\nA reply that says "I have issued a refund and you will see it within five business days" resolves the issue.`)).toEqual([]);
  });

  it("lets a quotation of phrasing many examples share pass", () => {
    const apologies = ["Ana", "Ben", "Chidi", "Dana", "Eli"].map((name) => `Hi ${name}, we apologize for the inconvenience; your case is with our team.`);
    const shared = { ...context, exampleTexts: [...context.exampleTexts, ...apologies] };
    const instruction = `${seed}\nBoilerplate such as "we apologize for the inconvenience caused" adds nothing.`;
    expect(checkGuardrails(instruction, shared).map((violation) => violation.kind)).toEqual([]);
    // In one example only, the same quotation is that example's words.
    expect(checkGuardrails(instruction, { ...context, exampleTexts: [...context.exampleTexts, apologies[0]!] }).map((violation) => violation.kind)).toEqual(["leakage"]);
  });

  it("lets a paraphrase of a rationale pass", () => {
    expect(kinds(`${seed}\nAny reply that requests a password or a full card number is a severe failure and scores 1.`)).toEqual([]);
    expect(kinds(`${seed}\nReward replies that answer the question clearly and give concrete next steps.`)).toEqual([]);
  });

  it("takes a word many examples use for a name of the domain, however few of them read it as a person's name", () => {
    // The translations put the product's name after "de", as a surname would be; most texts name it alone.
    const translations: GuardrailContext = {
      seedInstruction: seed,
      maxLength: 4000,
      exampleTexts: [
        ...Array.from({ length: 30 }, (_, index) => `Open the Dashboard to see your ${index + 2} saved reports.`),
        "Abra el panel de Dashboard para ver sus informes.",
        "Los informes de Dashboard se actualizan cada hora.",
        "Consulte la vista de Dashboard antes de exportar.",
        "Hi Priyanka, the export is ready.",
        "Your Workspace has 4 members.",
        "Su Workspace tiene 4 miembros.",
        "Invite them to your team; los cambios se guardan en su cuenta.",
        "Contact Dmitri Volkov for a refund, or contact the bank.",
      ],
    };
    expect(checkGuardrails(`${seed}\nProduct names such as Dashboard stay in English; a translation that translates one scores at most 3.`, translations)).toEqual([]);
    expect(checkGuardrails(`${seed}\nReplies to Priyanka deserve the lowest score.`, translations).map((violation) => violation.kind)).toEqual(["leakage"]);
    // "Your" opens the sentence as an ordinary word: "Workspace" is not half of a person's name.
    expect(checkGuardrails(`${seed}\nThe Workspace, like every product name, stays in English.`, translations)).toEqual([]);
    // A name after an ordinary word that opens the sentence is still found in the pair that follows.
    expect(checkGuardrails(`${seed}\nRefunds handled by Dmitri score at most 2.`, translations).map((violation) => violation.kind)).toEqual(["leakage"]);
  });

  it("counts a name once per example, however many of its rationales repeat it", () => {
    const examples = [
      {
        inputs: { message: "Hi, this is Maria Lopez, where is my refund?", reply: "Hi Maria, it is on its way." },
        rationales: ["Maria asked about a refund.", "Maria gets no date.", "Maria deserved a date.", "Maria was told nothing useful."].map((rationale) => ({ rationale })),
      },
      ...Array.from({ length: 19 }, (_, index) => ({ inputs: { message: `Order ${index + 2} is late.`, reply: "Sorry, it ships today." }, rationales: [{ rationale: "Fine." }] })),
    ];
    const supportContext: GuardrailContext = { seedInstruction: seed, maxLength: 4000, ...exampleTextsOf(examples) };
    expect(checkGuardrails(`${seed}\nReplies to Maria that give no refund date score at most 2.`, supportContext).map((violation) => violation.kind)).toEqual(["leakage"]);
  });

  it("does not count words the seed already has", () => {
    expect(kinds(`${seed}\nBe strict.`)).toEqual([]);
  });
});

describe("length guardrail", () => {
  it("rejects an instruction over the absolute limit, however short the seed", () => {
    expect(kinds(`${seed}\n${"Be precise about the criteria. ".repeat(40)}`)).toEqual([]);
    expect(checkGuardrails("y".repeat(4001), context).map((violation) => violation.kind)).toEqual(["length"]);
    expect(checkGuardrails("y".repeat(4000), context)).toEqual([]);
  });
});

describe("what the seed already says", () => {
  it("is not held against a proposal that keeps it, while anything new still is", () => {
    const xmlSeed = { ...context, seedInstruction: "Rate the answer. Answer in XML." };
    expect(checkGuardrails("Rate the answer. Answer in XML.\nPenalise answers that dodge the question.", xmlSeed)).toEqual([]);
    expect(checkGuardrails("Rate the answer. Answer in XML.\nReturn only the number.", xmlSeed).map((violation) => violation.kind)).toEqual(["outputContract"]);
  });
});

describe("criteria that mention numbers", () => {
  it.each([
    `${seed}\nReplies that recommend a release older than 2022 are outdated and score at most 2.`,
    `${seed}\nSince 3 March 2024 refunds take 5 to 7 business days; a reply that says so is accurate.`,
    `${seed}\nReplies over 120 words bury the answer, and if more than 50% of a reply is apology it scores 2 at most.`,
    `${seed}\nScore 2 to 4 for replies that help partly, depending on what is left open.`,
  ])("lets a year, a date, a duration or a threshold from the examples pass: %j", (instruction) => {
    const withYears = { ...context, exampleTexts: [...context.exampleTexts, "Version 4.2 (released in 2022) is supported until 2025; refunds take 5 to 7 business days since 3 March 2024."] };
    expect(checkGuardrails(instruction, withYears)).toEqual([]);
  });
});

describe("the labelled guardrail corpus", () => {
  const { entries, contexts } = loadGuardrailCorpus();
  const result = scoreGuardrails(entries, contexts);

  it("holds at least 200 proposals, adversarial and legitimate, written against several tasks", () => {
    expect(new Set(entries.map((entry) => entry.context)).size).toBeGreaterThanOrEqual(3);
    expect(entries.length).toBeGreaterThanOrEqual(200);
    expect(entries.filter((entry) => entry.kind === "adversarial").length).toBeGreaterThanOrEqual(100);
    expect(result.legitimate).toBeGreaterThanOrEqual(100);
  });

  it("catches every adversarial proposal", () => {
    expect(result.missed.map((entry) => `line ${entry.line}: ${entry.instruction.split("\n").pop()}`)).toEqual([]);
  });

  it("rejects at most 2% of the legitimate ones", () => {
    expect(result.wronglyRejected.length / result.legitimate).toBeLessThanOrEqual(0.02);
  });
});
