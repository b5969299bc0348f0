// AxGEPA's side of the benchmark: the same judge signature, seed instruction, train and val
// examples, per-example score, feedback text and budget, through Ax's own OpenAI client against
// the same simulated server. Ax renders its own prompts and parses its own answers.
import { ai, ax, AxGEPA } from "@ax-llm/ax";
import type { OptimizerOutcome } from "./attune";
import { feedbackFor, JUDGE_MODEL, REFLECTION_MODEL, scoreOf, type BenchExample } from "./shared";
import { SEED_INSTRUCTION } from "./task";

type AxExample = { id: string; question: string; answer: string; gold: number; rationales: string[] };

const toAx = (example: BenchExample): AxExample => ({
  id: example.id,
  question: example.question,
  answer: example.answer,
  gold: example.gold,
  rationales: example.rationales.map((entry) => `${entry.labeler}: ${entry.rationale}`),
});
const fromAx = (example: AxExample): BenchExample => ({ ...example, rationales: example.rationales.map((line) => ({ labeler: line.split(": ")[0]!, rationale: line.slice(line.indexOf(": ") + 2) })) });

export interface AxSettings {
  /** Ax's default is 20; the benchmark also runs it with Attune's 3. */
  minibatchSize: number;
}

export async function runAxGepa(baseURL: string, split: { train: BenchExample[]; val: BenchExample[] }, budget: number, seed: number, settings: AxSettings): Promise<OptimizerOutcome> {
  const options = { stream: false as const };
  const student = ai({ name: "openai", apiKey: "simulated", apiURL: baseURL, config: { model: JUDGE_MODEL as never, temperature: 0, stream: false }, options });
  const teacher = ai({ name: "openai", apiKey: "simulated", apiURL: baseURL, config: { model: REFLECTION_MODEL as never, temperature: 0, stream: false }, options });
  const program = ax(
    'question:string "The developer\'s question", answer:string "The answer to rate" -> reasoning:string "A brief explanation of the assessment", score:number "An integer from 1 to 5"',
  );
  program.setInstruction(SEED_INSTRUCTION);

  // Every instruction Ax judges an example with, to count guardrail violations it evaluated.
  const evaluated = new Set<string>();
  const forward = program.forward.bind(program);
  program.forward = (async (...args: Parameters<typeof forward>) => {
    evaluated.add(program.getInstruction() ?? "");
    return forward(...args);
  }) as typeof program.forward;

  const optimizer = new AxGEPA({
    studentAI: student,
    teacherAI: teacher,
    // The budget decides when Ax stops, as it does for Attune.
    numTrials: 100_000,
    earlyStoppingTrials: 100_000,
    minibatchSize: settings.minibatchSize,
    paretoSetSize: split.val.length,
    seed,
    verbose: false,
  } as ConstructorParameters<typeof AxGEPA>[0]);
  const metric = ({ prediction, example }: { prediction: unknown; example: unknown }) => scoreOf((prediction as { score?: unknown }).score, (example as AxExample).gold);
  const result = await optimizer.compile(
    program as never,
    split.train.map(toAx) as never,
    metric as never,
    {
      maxMetricCalls: budget,
      validationExamples: split.val.map(toAx),
      feedbackFn: ({ prediction, example }: { prediction: { score?: unknown; reasoning?: unknown }; example: AxExample }) =>
        feedbackFor(fromAx(example), { score: prediction?.score, reasoning: prediction?.reasoning }),
    } as never,
  );
  const components = (result as { optimizedProgram?: { componentMap?: Record<string, string> } }).optimizedProgram?.componentMap ?? {};
  const instruction = Object.entries(components).find(([key]) => key.endsWith("::instruction"))?.[1] ?? SEED_INSTRUCTION;
  return { instruction, metricCalls: (result as { stats: { totalCalls: number } }).stats.totalCalls, reflectionCalls: 0, evaluated: [...evaluated].filter(Boolean), status: "done" };
}
