/**
 * The simulated models, each behaving like a kind of server Attune meets in the wild. A model is
 * chosen by its name in the request, as on any provider; an unknown name gets a 404.
 */
export interface SimModelProfile {
  id: string;
  description: string;
  /** false: a 400 for `response_format: json_schema`, as servers without structured outputs answer. */
  supportsJsonSchema: boolean;
  /** false: nothing in the request is checked, as on a lenient server. */
  validatesRequests: boolean;
  /** Whether the answer follows the requested JSON schema or JSON mode, or the model writes what it likes. */
  enforcesFormat: boolean;
  tokenLimit: "max_tokens" | "max_completion_tokens";
  /** Only the default temperature (1) is accepted, as with reasoning models. */
  fixedTemperature: boolean;
  /** Where the model's thinking goes: nowhere, a `<think>` block before the answer, or `reasoning_content`. */
  thinking: "none" | "inline" | "field";
  /** Share of judge answers that break the JSON contract when nothing enforces a schema. */
  malformedRate: number;
  /**
   * The share instead when the instruction asks for brief reasoning: a model whose broken answers
   * come from rambling until the JSON is cut short keeps it when told to be brief.
   */
  briefMalformedRate?: number;
  /** Share of answers cut off with `finish_reason: "length"`. */
  truncateRate: number;
  /** Spends every answer's tokens on thinking: empty content, `finish_reason: "length"`. */
  overthinks?: boolean;
  /** Thinks this many tokens before it answers: with a smaller token limit the answer is empty, `finish_reason: "length"`. */
  thinkingTokens?: number;
  /** How well the model judges; the default is the mid-size judge. */
  skill?: JudgeSkill;
  /** Extra time each answer takes, on top of any latency the server is set to add. */
  latencyMs?: number;
  /** As a reflection model: rewrites the whole instruction in its own words, now and then leaving a criterion out, instead of adding lines. */
  rewrites?: boolean;
  /** The context window in tokens: a request whose messages and token limit do not fit in it is refused with a 400. */
  contextTokens?: number;
}

/** What sets a simulated judge's accuracy apart from another's. */
export interface JudgeSkill {
  /** Share of examples it scores one point off, whatever the instruction (the mid-size judge: 0.14). */
  noise: number;
  /** Share of the criteria humans use that it applies on an example although the instruction does not state them. */
  implicit: number;
  /** Share of the criteria the instruction states that it still overlooks on an example. */
  misses: number;
}

export const MID_SKILL: JudgeSkill = { noise: 0.14, implicit: 0, misses: 0 };

const base: Omit<SimModelProfile, "id" | "description"> = {
  supportsJsonSchema: true,
  validatesRequests: true,
  enforcesFormat: true,
  tokenLimit: "max_tokens",
  fixedTemperature: false,
  thinking: "none",
  malformedRate: 0,
  truncateRate: 0,
};

export const simProfiles: SimModelProfile[] = [
  { ...base, id: "attune-sim-judge", description: "Follows OpenAI's contract: strict JSON schema enforced, requests validated." },
  { ...base, id: "attune-sim-reflect", description: "The reflection model: same contract as the judge." },
  {
    ...base,
    id: "attune-sim-reflect-rewriting",
    description:
      "A reflection model that rewrites the whole instruction in its own words, as most models asked to improve a prompt do: the criteria restated in one paragraph, in another order and wording, one left out now and then.",
    rewrites: true,
  },
  { ...base, id: "attune-sim-no-schema", description: "A server without structured outputs: json_schema is refused with a 400; JSON mode works.", supportsJsonSchema: false },
  { ...base, id: "attune-sim-think", description: "A reasoning model served by vLLM or Ollama: a <think> block precedes every answer.", thinking: "inline" },
  {
    ...base,
    id: "attune-sim-reasoning",
    description: "A reasoning model with OpenAI's rules: max_completion_tokens only, default temperature only, thinking in reasoning_content.",
    tokenLimit: "max_completion_tokens",
    fixedTemperature: true,
    thinking: "field",
  },
  { ...base, id: "attune-sim-truncating", description: 'Cuts one answer in six short with finish_reason "length".', truncateRate: 1 / 6 },
  {
    ...base,
    id: "attune-sim-lenient",
    description: "A lenient server: checks nothing, accepts any response_format and follows whatever schema it is given.",
    validatesRequests: false,
  },
  {
    ...base,
    id: "attune-sim-overthinking",
    description: 'A reasoning model that spends its whole token limit thinking: empty content, finish_reason "length", every time.',
    thinking: "field",
    overthinks: true,
  },
  {
    ...base,
    id: "attune-sim-long-thinking",
    description:
      'A reasoning model that thinks for about 2,000 tokens before it answers: under a smaller token limit its answer is empty with finish_reason "length", as OpenAI\'s reasoning models answer when max_completion_tokens is too small.',
    thinking: "field",
    thinkingTokens: 2000,
  },
  {
    ...base,
    id: "attune-sim-short-context",
    description:
      "A model served with an 8,192-token context window, as local servers often are: a request whose messages and max_tokens do not fit is refused with OpenAI's 400 context_length_exceeded.",
    contextTokens: 8192,
  },
  {
    ...base,
    id: "attune-sim-small",
    description:
      "A small, fast, cheap model on a server that ignores response_format: it rambles, so a third of its judge answers break the JSON contract unless the instruction asks for brief reasoning (then one in thirty), it is a point off more often, and it overlooks a stated criterion one time in four.",
    validatesRequests: false,
    enforcesFormat: false,
    malformedRate: 1 / 3,
    briefMalformedRate: 1 / 30,
    skill: { noise: 0.22, implicit: 0, misses: 0.25 },
    latencyMs: 5,
  },
  {
    ...base,
    id: "attune-sim-large",
    description: "A large, accurate, slow and expensive model: it notices half the criteria humans use even when the instruction leaves them out, and is rarely a point off.",
    skill: { noise: 0.06, implicit: 0.5, misses: 0 },
    latencyMs: 40,
  },
];

export function simProfile(model: string): SimModelProfile | undefined {
  return simProfiles.find((profile) => profile.id === model);
}
