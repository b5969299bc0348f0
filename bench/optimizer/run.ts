// Attune's optimizer against AxGEPA on the same task, budgets and seeds, side by side.
// Run: npx tsx bench/optimizer/run.ts [--task developer-answers|support-replies|summeval-relevance|sql-queries|review-comments|ui-translations|incident-postmortems[,…]] [--data FILE.jsonl --task-text "…"]
//   [--sim-judge SIMULATED-MODEL] [--sim-reflection SIMULATED-MODEL] | [--base-url URL --judge-model M [--reflection-model M] [--api-key-env VAR]]
//   [--budgets 150,400] [--seeds 10] [--data-seed 2026] [--rows N] [--seed-line TEXT] [--only attune|ax] [--evidence N] [--merge on|off] [--patience N]
//   [--parallel N]: with an external server, up to N seeds at a time, each through its own recording proxy
// Targets: mean test NMSE at 400 calls ≤ 0.8× AxGEPA's; at 150 calls ≤ 0.5×; no guardrail-violating
// instruction evaluated by Attune (counted by the guardrails, and with the simulated reflection model
// also as the violations it planted, without them); no val or test example shown to a reflection model.
import { parseArgs } from "node:util";
import { PLANTED_VIOLATION } from "@/lib/llm/sim/reflect";
import { checkGuardrails, exampleTextsOf, LeakageChecker, type GuardrailContext } from "@/lib/optimizer/guardrails";
import { runAttune, type OptimizerOutcome } from "./attune";
import { runAxGepa } from "./ax";
import type { BenchTask } from "./bench-task";
import { benchOptions, exitWith, openBench, serverLine } from "./cli";
import { simWorldOf, type BenchServer } from "./server";
import { benchClient, leakedExamples, measureOn, toExamples } from "./shared";

const { values } = parseArgs({
  options: {
    ...benchOptions,
    budgets: { type: "string", default: "150,400" },
    seeds: { type: "string", default: "10" },
    only: { type: "string" },
    evidence: { type: "string" },
    merge: { type: "string" },
    patience: { type: "string" },
    parallel: { type: "string", default: "1" },
  },
});
const lanes = Number(values.parallel);
if (!Number.isInteger(lanes) || lanes < 1 || lanes > 16) {
  console.error(`bench: --parallel must be a whole number from 1 to 16, not ${values.parallel}`);
  process.exit(2);
}
const budgets = values.budgets.split(",").map(Number);
const seeds = Array.from({ length: Number(values.seeds) }, (_, index) => index + 1);
const { tasks, server, servers } = await openBench(values, lanes);
console.log(serverLine(server));

interface Row {
  name: string;
  budget: number;
  test: number[];
  readable: number[];
  violations: number;
  /** Evaluated instructions holding a violation the simulated reflection planted: counted without the guardrails. */
  planted: number;
  calls: number[];
  reflections: number[];
  leaked: number;
  seconds: number;
  /** What the optimizer said when it refused to run with this budget (a val split too large for it). */
  refused?: string;
}
/** How AxGEPA and Attune refuse a budget too small for their val evaluation. */
const REFUSALS = /maxMetricCalls=\d+ is too small|cannot cover the seed's val evaluation/;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number) => x.toFixed(2).padStart(6);

async function benchmark(task: BenchTask, server: BenchServer, servers: BenchServer[]): Promise<void> {
  const split = toExamples(task);
  const client = benchClient(server);
  const guardrailContext: GuardrailContext = {
    seedInstruction: task.seedInstruction,
    taskDescription: task.taskText,
    maxLength: 4000,
    ...exampleTextsOf([...split.train, ...split.val]),
  };
  const leakage = new LeakageChecker(guardrailContext);
  const violating = (outcome: OptimizerOutcome) => outcome.evaluated.filter((instruction) => checkGuardrails(instruction, guardrailContext, leakage).length > 0).length;

  const seedTest = await measureOn(client, server.judgeModel, task, task.seedInstruction, split.test);
  // A server that answers nothing readable would make every row 100 and every ratio 1: no result.
  if (seedTest.unreadable === split.test.length)
    exitWith(
      `no readable judge answer to the seed instruction on ${split.test.length} test examples of ${task.name}; the first: ${seedTest.firstError?.replace(/\.$/, "") ?? "none"}. Check --base-url, --judge-model and --api-key-env.`,
    );
  const idealTest = task.idealInstruction === undefined ? null : await measureOn(client, server.judgeModel, task, task.idealInstruction, split.test);
  console.log(
    `\ntask ${task.name}: ${task.rows.length} examples (${split.train.length} train, ${split.val.length} val, ${split.test.length} test), inputs ${task.inputFields.map((field) => field.name).join(", ")}, ${task.labelers.length} labelers`,
  );
  const figures = (measure: { nmse: number; readableNmse: number; unreadable: number }) =>
    `${measure.nmse.toFixed(2)} (${measure.readableNmse.toFixed(2)} on readable answers, ${measure.unreadable} unreadable)`;
  if (server.simulated) {
    const world = simWorldOf(task.rows[0]?.inputs ?? {});
    console.log(
      world.guessed
        ? `the simulator knows no task with inputs like these: it judges them as ${world.id}, on criteria this data's humans did not use, so neither optimizer can learn them and the figures say little`
        : `the simulator judges this task as ${world.id}`,
    );
  }
  console.log(`test NMSE of the seed instruction ${figures(seedTest)}${idealTest === null ? "" : `, of the ideal instruction ${figures(idealTest)}`}`);
  // The simulated reflection learns a criterion only from words that name it; one no train rationale names is out of its reach.
  // The ideal instruction's test NMSE, less any criterion out of the simulated reflection's reach: a reference, not a bound.
  let idealFigure = idealTest?.nmse ?? null;
  const unnamed = (task.criteria ?? []).filter((criterion) => !split.train.some((example) => example.rationales.some((entry) => criterion.inFeedback.test(entry.rationale))));
  const unnamedCount = server.simulated ? unnamed.length : 0;
  if (server.simulated && unnamed.length > 0) {
    const reachable = [task.seedInstruction, ...task.criteria!.filter((criterion) => !unnamed.includes(criterion)).map((criterion) => criterion.statement)].join("\n");
    const reachableTest = await measureOn(client, server.judgeModel, task, reachable, split.test);
    idealFigure = reachableTest.nmse;
    console.log(
      `no train rationale names ${unnamed.map((criterion) => criterion.id).join(", ")}: the simulated reflection cannot learn ${unnamed.length === 1 ? "it" : "them"} from train, and the ideal instruction without ${unnamed.length === 1 ? "it" : "them"} scores ${figures(reachableTest)}`,
    );
  }
  console.log("");

  const optimizers = [
    {
      name: "Attune",
      key: "attune",
      run: (lane: BenchServer, budget: number, seed: number) =>
        runAttune(lane, task, budget, seed, undefined, {
          ...(values.evidence === undefined ? {} : { evidenceSize: Number(values.evidence) }),
          ...(values.merge === undefined ? {} : { merge: values.merge === "on" }),
          ...(values.patience === undefined ? {} : { patience: Number(values.patience) }),
        }),
    },
    { name: "AxGEPA (minibatch 3)", key: "ax", run: (lane: BenchServer, budget: number, seed: number) => runAxGepa(lane, task, split, budget, seed, { minibatchSize: 3 }) },
    { name: "AxGEPA (default minibatch 20)", key: "ax", run: (lane: BenchServer, budget: number, seed: number) => runAxGepa(lane, task, split, budget, seed, { minibatchSize: 20 }) },
  ].filter((optimizer) => !values.only || optimizer.key === values.only);

  const table: Row[] = [];
  for (const budget of budgets) {
    for (const optimizer of optimizers) {
      const row: Row = { name: optimizer.name, budget, test: [], readable: [], violations: 0, planted: 0, calls: [], reflections: [], leaked: 0, seconds: 0 };
      const started = performance.now();
      // Each lane (a recording proxy of its own) takes the next seed; the table keeps the seeds' order.
      const results: { seed: number; outcome: OptimizerOutcome; reflections: number; leaked: number; measured: Awaited<ReturnType<typeof measureOn>> }[] = [];
      let next = 0;
      let refusal: Error | null = null;
      await Promise.all(
        servers.map(async (lane) => {
          while (next < seeds.length && !refusal) {
            const seed = seeds[next++]!;
            lane.reset();
            let outcome: OptimizerOutcome;
            try {
              outcome = await optimizer.run(lane, budget, seed);
            } catch (error) {
              // An optimizer that refuses the budget refuses it for every seed: the row says so instead of a figure.
              if (!REFUSALS.test((error as Error).message)) throw error;
              refusal = error as Error;
              return;
            }
            const reflections = lane.reflectionTexts.length;
            const leaked = leakedExamples(lane.reflectionTexts, [...split.val, ...split.test], split.train).length;
            const measured = await measureOn(benchClient(lane), server.judgeModel, task, outcome.instruction, split.test);
            results.push({ seed, outcome, reflections, leaked, measured });
            process.stderr.write(
              `  ${task.name} ${optimizer.name} budget ${budget} seed ${seed}: test NMSE ${measured.nmse.toFixed(2)} (${measured.readableNmse.toFixed(2)} readable), ${outcome.metricCalls} metric calls, ${outcome.status}\n`,
            );
          }
        }),
      );
      if (refusal) row.refused = (refusal as Error).message;
      for (const result of results.sort((a, b) => a.seed - b.seed)) {
        row.reflections.push(result.reflections);
        row.leaked += result.leaked;
        row.test.push(result.measured.nmse);
        row.readable.push(result.measured.readableNmse);
        row.violations += violating(result.outcome);
        row.planted += result.outcome.evaluated.filter((instruction) => PLANTED_VIOLATION.test(instruction)).length;
        row.calls.push(result.outcome.metricCalls);
      }
      row.seconds = (performance.now() - started) / 1000;
      table.push(row);
    }
  }

  console.log("budget  optimizer                        mean    min    max  readable  violating evaluated  planted evaluated  metric calls  reflection calls  val/test shown  time");
  for (const row of table) {
    if (row.refused) {
      console.log(`${String(row.budget).padStart(6)}  ${row.name.padEnd(30)} refused to run: ${row.refused}`);
      continue;
    }
    console.log(
      `${String(row.budget).padStart(6)}  ${row.name.padEnd(30)} ${fmt(mean(row.test))} ${fmt(Math.min(...row.test))} ${fmt(Math.max(...row.test))}    ${fmt(mean(row.readable))}  ${String(row.violations).padStart(19)}  ${(server.simulated ? String(row.planted) : "—").padStart(17)}  ${mean(row.calls).toFixed(0).padStart(12)}  ${mean(row.reflections).toFixed(1).padStart(16)}  ${String(row.leaked).padStart(14)}  ${row.seconds.toFixed(0)} s`,
    );
  }
  for (const budget of budgets) {
    const attune = table.find((row) => row.budget === budget && row.name === "Attune");
    const axRows = table.filter((row) => row.budget === budget && row.name.startsWith("AxGEPA") && !row.refused);
    if (!attune || attune.refused) continue;
    if (axRows.length === 0) {
      if (table.some((row) => row.budget === budget && row.name.startsWith("AxGEPA")))
        console.log(`budget ${budget}: no AxGEPA configuration ran with this budget; Attune ${mean(attune.test).toFixed(2)} against the seed instruction's ${seedTest.nmse.toFixed(2)}`);
      continue;
    }
    const bestAx = axRows.reduce((best, row) => (mean(row.test) < mean(best.test) ? row : best));
    const target = budget <= 150 ? 0.5 : 0.8;
    const ratio = mean(attune.test) / mean(bestAx.test);
    const bestReadableAx = Math.min(...axRows.map((row) => mean(row.readable)));
    const readableRatio = mean(attune.readable) / bestReadableAx;
    // A target that even the ideal instruction would miss on this data: the line shows it.
    const atIdeal = idealFigure === null ? "" : `; the ${unnamedCount > 0 ? "reachable" : "ideal"} instruction would give ${(idealFigure / mean(bestAx.test)).toFixed(2)}`;
    console.log(
      `budget ${budget}: Attune / best AxGEPA (${bestAx.name}) = ${ratio.toFixed(2)} (target at most ${target}: ${ratio <= target ? "met" : "missed"}); on readable answers alone ${readableRatio.toFixed(2)}${atIdeal}`,
    );
  }
}

try {
  for (const task of tasks) await benchmark(task, server, servers);
} finally {
  await Promise.all(servers.map((lane) => lane.close()));
}
