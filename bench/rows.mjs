// Generated JSONL rows for the import benchmarks: a question, an answer, a score and a rationale each.
import fs from "node:fs";

const words = "the judge reads each answer and weighs accuracy tone length evidence and whether the question was answered at all".split(" ");
const text = (seed, n) => Array.from({ length: n }, (_, i) => words[(seed * 7 + i * 13) % words.length]).join(" ");

export async function writeRows(file, rows) {
  const out = fs.createWriteStream(file);
  for (let i = 0; i < rows; i++) {
    const row = { id: `row-${i}`, question: text(i, 12), answer: text(i + 1, 40), score: (i % 5) + 1, rationale: i % 3 === 0 ? text(i + 2, 10) : "" };
    if (!out.write(`${JSON.stringify(row)}\n`)) await new Promise((resolve) => out.once("drain", resolve));
  }
  await new Promise((resolve) => out.end(resolve));
  return fs.statSync(file).size;
}

/** `attune import` arguments for a file written by writeRows. */
export const importArgs = (file, dataset) => [
  "import",
  file,
  "--dataset",
  dataset,
  "--input-fields",
  "question,answer",
  "--label-fields",
  "score=bench-labeler",
  "--rationale-field",
  "rationale",
  "--json",
];
