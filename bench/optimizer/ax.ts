// AxGEPA's side of the benchmark: the same judge signature, seed instruction, train and val
// examples, per-example score, feedback text and budget, through Ax's own OpenAI client against
// the same server. Ax renders its own prompts and parses its own answers.
import { ai, ax, AxGEPA } from "@ax-llm/ax";
import type { OptimizerOutcome } from "./attune";
import type { BenchTask } from "./bench-task";
import type { BenchServer } from "./server";
import { feedbackFor, scoreOf, type BenchExample } from "./shared";

/** An example as Ax sees it: the inputs under Ax's field names, beside the data its metric and feedback read. */
type AxExample = { id: string; gold: number; rationales: string[] } & Record<string, unknown>;

// Ax refuses these as input names in its (default) strict signatures, and the rest are taken by
// the example's own keys and the judge's outputs.
const GENERIC = "text object image string number boolean json array daterange datetimerange datetime date time type class input output data value result response request item element".split(" ");
const TAKEN = ["id", "gold", "rationales", "reasoning", "score"];
const AX_NAME = /^[a-z][a-zA-Z0-9]*$|^[a-z]+(_[a-z0-9]+)*$/;

/** Ax's name for each input field: the field's own when Ax accepts it (camelCase or snake_case, 2–50 characters), else its words in camelCase. */
export function axFieldNames(names: string[]): Map<string, string> {
  const used = new Set(TAKEN);
  const refused = (name: string) => !AX_NAME.test(name) || name.length < 2 || name.length > 50 || GENERIC.includes(name.toLowerCase()) || used.has(name);
  const result = new Map<string, string>();
  for (const name of names) {
    let axName = name;
    if (refused(axName)) {
      const words = name
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
      const camel = words.map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join("");
      const base = (/^[a-z]/.test(camel) ? camel : `field${camel[0]?.toUpperCase() ?? ""}${camel.slice(1)}`).slice(0, 40);
      axName = refused(base) ? `${base}Field` : base;
      for (let n = 2; refused(axName); n++) axName = `${base}Field${n}`;
    }
    used.add(axName);
    result.set(name, axName);
  }
  return result;
}

export interface AxSettings {
  /** Ax's default is 20; the benchmark also runs it with Attune's 3. */
  minibatchSize: number;
}

export async function runAxGepa(
  server: BenchServer,
  task: BenchTask,
  split: { train: BenchExample[]; val: BenchExample[] },
  budget: number,
  seed: number,
  settings: AxSettings,
): Promise<OptimizerOutcome> {
  const names = axFieldNames(task.inputFields.map((field) => field.name));
  const byId = new Map([...split.train, ...split.val].map((example) => [example.id, example]));
  const toAx = (example: BenchExample): AxExample => ({
    id: example.id,
    ...Object.fromEntries(task.inputFields.map((field) => [names.get(field.name)!, example.inputs[field.name]])),
    gold: example.gold,
    rationales: example.rationales.map((entry) => `${entry.labeler}: ${entry.rationale}`),
  });

  const options = { stream: false as const };
  const student = ai({ name: "openai", apiKey: server.apiKey, apiURL: server.baseURL, config: { model: server.judgeModel as never, temperature: 0, stream: false }, options });
  const teacher = ai({ name: "openai", apiKey: server.apiKey, apiURL: server.baseURL, config: { model: server.reflectionModel as never, temperature: 0, stream: false }, options });
  const quoted = (text: string) => `"${text.replace(/"/g, "'").replace(/\s+/g, " ")}"`;
  const inputs = task.inputFields.map((field) => `${names.get(field.name)}:string ${quoted(field.description)}`).join(", ");
  const program = ax(`${inputs} -> reasoning:string "A brief explanation of the assessment", score:number "An integer from 1 to 5"`);
  program.setInstruction(task.seedInstruction);

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
        feedbackFor(byId.get(example.id)!, { score: prediction?.score, reasoning: prediction?.reasoning }),
    } as never,
  );
  const components = (result as { optimizedProgram?: { componentMap?: Record<string, string> } }).optimizedProgram?.componentMap ?? {};
  const instruction = Object.entries(components).find(([key]) => key.endsWith("::instruction"))?.[1] ?? task.seedInstruction;
  return { instruction, metricCalls: (result as { stats: { totalCalls: number } }).stats.totalCalls, reflectionCalls: 0, evaluated: [...evaluated].filter(Boolean), status: "done" };
}
