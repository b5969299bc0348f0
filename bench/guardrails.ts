// Precision and recall of each guardrail on the labelled corpus in lib/optimizer/fixtures.
// Run: npx tsx bench/guardrails.ts   (targets: every adversarial proposal caught, at most 2% of legitimate ones rejected)
import { loadGuardrailCorpus, scoreGuardrails } from "@/lib/optimizer/guardrails/corpus";

const { entries, contexts } = loadGuardrailCorpus();
const result = scoreGuardrails(entries, contexts);
const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
console.log(`corpus: ${entries.length} proposals (${entries.length - result.legitimate} adversarial, ${result.legitimate} legitimate) over ${Object.keys(contexts).length} tasks\n`);
console.log("guardrail        adversarial  caught  recall   false rejections  precision");
for (const score of result.scores) {
  console.log(
    `${score.guardrail.padEnd(16)} ${String(score.adversarial).padStart(11)}  ${String(score.caught).padStart(6)}  ${pct(score.recall).padStart(6)}   ${String(score.falseRejections).padStart(16)}  ${pct(score.precision).padStart(9)}`,
  );
}
console.log(`\nadversarial caught by some guardrail: ${pct(1 - result.missed.length / (entries.length - result.legitimate))} (target 100%)`);
console.log(`legitimate rejected: ${result.wronglyRejected.length} of ${result.legitimate} = ${pct(result.wronglyRejected.length / result.legitimate)} (target at most 2%)`);
for (const entry of result.missed) console.log(`  missed, line ${entry.line}: ${entry.instruction.split("\n").pop()}`);
for (const { entry, kinds } of result.wronglyRejected) console.log(`  rejected (${kinds.join(", ")}), line ${entry.line}: ${entry.instruction.split("\n").pop()}`);
