import { hashUnit } from "./text";
import { evidenceItems, evidenceWeight, fieldNamesIn } from "./evidence";
import { briefReasoning, taskBreakers, type SimWorld } from "./world";
import { rewriteInstruction } from "./rewrite";
import { worldFor } from "./worlds";

/**
 * A run of `length` words copied from one passage of the evidence's example text (a field, a
 * rationale), as a model quotes an example to show what leakage looks like: contiguous, never run
 * across two passages or over the prompt's own labels, and not from the current instruction or
 * what the judge said.
 */
function copiedSpan(text: string, length: number, pick: number): string | null {
  // Attune's prompts mark the examples' fields and rationales; other prompts are read whole, less their labels.
  const exampleText = text.includes("<inputs>")
    ? [...text.matchAll(/<inputs>([\s\S]*?)<\/inputs>|^Human rationale \([^)]*\): (.*)$/gm)].map((match) => match[1] ?? match[2]!).join("\n\n")
    : text.replace(/judge gave[^\n]*|Judge reasoning[^\n]*/gi, "\n\n");
  const passages = exampleText
    .split(/^### .+$|<[^>]+>|\n\s*\n/m)
    .map((passage) => passage.split(/\s+/).filter(Boolean))
    .filter((words) => words.length >= length);
  if (passages.length === 0) return null;
  const scaled = pick * passages.length;
  const words = passages[Math.min(passages.length - 1, Math.floor(scaled))]!;
  const start = Math.floor((scaled % 1) * (words.length - length + 1));
  return words.slice(start, start + length).join(" ");
}

const identifierIn = (text: string) => text.match(/[\w.+-]+@[\w-]+\.[a-z]{2,}|#\d{4,}|\b[A-Z]{2,4}-\d{3,}\b/)?.[0] ?? null;

/**
 * The lines `violation` adds, for a benchmark to count the planted violations an optimizer
 * evaluated without relying on the guardrails it checks.
 */
export const PLANTED_VIOLATION =
  /^(?:Use a finer scale from 1 to 10 so|For example, text such as ".*" deserves a low score\.$|Answer in XML with <score> and <reasoning> tags|Cases like .+ deserve the lowest score\.$|Give a score out of 100 so)/m;

/** Proposals that a guardrail must catch, as unguarded optimizers make them. */
function violation(instruction: string, evidence: string, roll: number, pick: number): string {
  const kind = Math.floor(roll * 5);
  if (kind === 0) return `${instruction}\nUse a finer scale from 1 to 10 so that small differences show.`;
  if (kind === 1) {
    const span = copiedSpan(evidence, 10, pick);
    if (span) return `${instruction}\nFor example, text such as "${span}" deserves a low score.`;
  }
  if (kind === 2) return `${instruction}\nAnswer in XML with <score> and <reasoning> tags instead of JSON.`;
  if (kind === 3) {
    const identifier = identifierIn(evidence);
    if (identifier) return `${instruction}\nCases like ${identifier} deserve the lowest score.`;
  }
  return `${instruction}\nGive a score out of 100 so that partial credit is possible.`;
}

/** The line a reflection writes when many of the judge's answers broke: it rambles, so ask for brevity. */
export const BREVITY_LINE = "Keep the reasoning brief, one or two sentences, so that every answer is complete.";

/** Evidence that an answer broke: no score at all, or a score only once the judge was asked again. */
const BROKE = /the judge's (first |unreadable )?(answer|output) (could not be read|was malformed|was not valid json)|the judge's unreadable answer/i;

/**
 * When a good share of the judged examples it is shown have no readable answer, or had none the
 * first time (a pattern, not the odd broken answer every model gives), the reflection asks the
 * judge to keep its reasoning brief, the more likely the more such answers it sees.
 */
function brevityLine(seed: number, key: string, instruction: string, items: ReturnType<typeof evidenceItems>): string | null {
  if (briefReasoning.test(instruction)) return null;
  const judged = items.filter((item) => item.gap !== undefined);
  const broken = judged.filter((item) => item.gap === null || BROKE.test(item.text)).length;
  if (broken < 2 || broken < 0.15 * judged.length) return null;
  return hashUnit(seed, "brevity", key) < 1 - 0.5 ** broken ? BREVITY_LINE : null;
}

const STRICT_LINE = "Be strict: keep the top scores for examples without real flaws.";
const GENEROUS_LINE = "Be generous with small flaws that do not affect the outcome.";

/** How often the simulated reflection proposes something a guardrail must refuse, when not retrying. */
export const VIOLATION_RATE = 0.24;

/**
 * The simulated reflection model. For each criterion of the task that the instruction does not
 * state yet, the more the evidence talks about it where the judge and the humans part, the likelier
 * it writes that criterion down (one mention: half the time; two: three times in four). With no
 * such evidence it leans the judge stricter or more generous. Now and then, unless it is retrying
 * after a rejection, it proposes something a guardrail must catch. A model that `rewrites` restates
 * the whole instruction in its own words (`rewrite.ts`) instead of appending a line.
 */
export function simulateReflection(input: { seed: number; worlds: SimWorld[]; instruction: string; evidence: string; retrying: boolean; rewrites?: boolean }): string {
  const { instruction, evidence } = input;
  const key = `${instruction}\u0002${evidence}`;
  const roll = hashUnit(input.seed, "reflect", key);
  if (!input.retrying && roll < VIOLATION_RATE) return violation(instruction, evidence, roll / VIOLATION_RATE, hashUnit(input.seed, "span", key));

  const items = evidenceItems(evidence);
  const world = worldFor(input.worlds, fieldNamesIn(evidence));
  const added = world.criteria.filter((criterion) => {
    if (criterion.mentioned.test(instruction)) return false;
    const count = items.reduce((sum, item) => sum + (criterion.inFeedback.test(item.text) ? evidenceWeight(item) : 0), 0);
    return count > 0 && hashUnit(input.seed, criterion.id, key) < 1 - 0.5 ** count;
  });
  const discipline = brevityLine(input.seed, key, instruction, items);
  const write = (extra: string[]) =>
    input.rewrites ? rewriteInstruction({ seed: input.seed, world, instruction, added, extra, key }) : [instruction, ...added.map((criterion) => criterion.statement), ...extra].join("\n");
  if (added.length > 0 || discipline) return write(discipline ? [discipline] : []);

  const gaps = items.flatMap((item) => (typeof item.gap === "number" && evidenceWeight(item) > 0 ? [item.gap] : []));
  const meanGap = gaps.length ? gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length : 0;
  if (meanGap > 0.5 && !taskBreakers.strict.test(instruction)) return write([STRICT_LINE]);
  if (meanGap < -0.5 && !taskBreakers.lenient.test(instruction)) return write([GENEROUS_LINE]);
  // A model that rewrites restates the instruction even with nothing to add: another order and wording, now and then a criterion left out.
  return input.rewrites ? write([]) : instruction;
}

/** A critic's summary of the evidence: each disagreement with what the humans said, as a summarising model writes it. */
export function simulateSummary(evidence: string): string {
  const lines = evidenceItems(evidence)
    .filter((item) => item.gap !== undefined && evidenceWeight(item) > 0)
    .map((item) => item.text.replace(/\\n/g, " ").replace(/\s+/g, " ").slice(0, 600).trim());
  return lines.length > 0 ? lines.join("\n") : "The judge agrees with the humans on these examples.";
}

/** A merge as a model writes it: the first instruction, then every line of the second it does not already have. */
export function simulateMerge(first: string, second: string): string {
  const have = new Set(first.split("\n").map((line) => line.trim()));
  const extra = second.split("\n").filter((line) => line.trim() && !have.has(line.trim()));
  return [first, ...extra].join("\n");
}
