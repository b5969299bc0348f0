import { hashUnit } from "./text";
import { taskBreakers, type Criterion, type SimWorld } from "./world";

/** One judged example in the evidence: its gap (judge − humans; null when unscored) and the text about it. */
interface EvidenceItem {
  gap: number | null;
  text: string;
}

const GAP_LINE = /judge gave (\d+), humans ([\d.]+)|(malformed|the judge call failed)[^\n]*humans ([\d.]+)/g;

/**
 * The evidence per judged example: each gap line ("judge gave 4, humans 2.0: …") with the text
 * that follows it, the humans' rationales and the judge's reasoning, up to the end of that
 * feedback (a closing tag, a blank line or the end of a quoted string), wherever the prompt puts
 * it: tagged examples, a JSON list or a critic's summary.
 */
export function evidenceItems(evidence: string): EvidenceItem[] {
  return [...evidence.matchAll(GAP_LINE)].map((mark) => {
    const rest = evidence.slice(mark.index!);
    const end = rest.slice(1).search(/<\/feedback>|\n\n|(?<!\\)"\s*(,|\]|\n)|judge gave \d|malformed[^\n]*humans|the judge call failed/);
    const gap = mark[1] !== undefined ? Number(mark[1]) - Number(mark[2]) : null;
    return { gap, text: end < 0 ? rest : rest.slice(0, end + 1) };
  });
}

const isWrong = (item: EvidenceItem) => item.gap === null || Math.abs(item.gap) >= 0.75;

/** A run of `length` words from the evidence's example text, to show what leakage looks like. */
function copiedSpan(text: string, length: number, pick: number): string | null {
  const words = text
    .replace(/^### .+$/gm, "")
    .replace(/judge gave[^\n]*|Human rationale[^\n]*|Judge reasoning[^\n]*|<[^>]+>/g, "")
    .split(/\s+/)
    .filter((word) => /^[A-Za-z][\w'’,.-]*$/.test(word));
  if (words.length < length) return null;
  const start = Math.floor(pick * (words.length - length));
  return words.slice(start, start + length).join(" ");
}

const identifierIn = (text: string) => text.match(/[\w.+-]+@[\w-]+\.[a-z]{2,}|#\d{4,}|\b[A-Z]{2,4}-\d{3,}\b/)?.[0] ?? null;

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

/** How often the simulated reflection proposes something a guardrail must refuse, when not retrying. */
export const VIOLATION_RATE = 0.24;
/** At most this many new criteria per proposal: a model writes a few rules at a time. */
const MAX_NEW_CRITERIA = 3;

/**
 * The simulated reflection model. It adds the criteria that the evidence's disagreements talk
 * about and the instruction does not state yet, most-evidenced first; with no such evidence it
 * leans the judge stricter or more generous. Now and then, unless it is retrying after a
 * rejection, it proposes something a guardrail must catch.
 */
export function simulateReflection(input: { seed: number; worlds: SimWorld[]; instruction: string; evidence: string; retrying: boolean }): string {
  const { instruction, evidence } = input;
  const key = `${instruction}\u0002${evidence}`;
  const roll = hashUnit(input.seed, "reflect", key);
  if (!input.retrying && roll < VIOLATION_RATE) return violation(instruction, evidence, roll / VIOLATION_RATE, hashUnit(input.seed, "span", key));

  const wrong = evidenceItems(evidence).filter(isWrong);
  const known = new Map<string, Criterion>();
  for (const world of input.worlds) for (const criterion of world.criteria) known.set(criterion.id, criterion);
  const evidenced = [...known.values()]
    .filter((criterion) => !criterion.mentioned.test(instruction))
    .map((criterion) => ({ criterion, count: wrong.filter((item) => criterion.inFeedback.test(item.text)).length }))
    .filter((entry) => entry.count > 0)
    .sort((a, b) => b.count - a.count || hashUnit(input.seed, a.criterion.id, key) - hashUnit(input.seed, b.criterion.id, key))
    .slice(0, MAX_NEW_CRITERIA);
  if (evidenced.length > 0) return [instruction, ...evidenced.map((entry) => entry.criterion.statement)].join("\n");

  const gaps = wrong.flatMap((item) => (item.gap === null ? [] : [item.gap]));
  const meanGap = gaps.length ? gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length : 0;
  if (meanGap > 0.5 && !taskBreakers.strict.test(instruction)) return `${instruction}\nBe strict: keep the top scores for examples without real flaws.`;
  if (meanGap < -0.5 && !taskBreakers.lenient.test(instruction)) return `${instruction}\nBe generous with small flaws that do not affect the outcome.`;
  return instruction;
}

/** A critic's summary of the evidence: each disagreement with what the humans said, as a summarising model writes it. */
export function simulateSummary(evidence: string): string {
  const lines = evidenceItems(evidence)
    .filter(isWrong)
    .map((item) => item.text.replace(/\\n/g, " ").replace(/\s+/g, " ").slice(0, 600).trim());
  return lines.length > 0 ? lines.join("\n") : "The judge agrees with the humans on these examples.";
}
