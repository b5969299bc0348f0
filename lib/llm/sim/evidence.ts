/**
 * What the simulated reflection model reads as evidence in a prompt, whatever its layout: judged
 * examples ("judge gave 4, humans 2.0: …" with the rationales and reasoning after it), and examples
 * shown with the humans' scores alone ("humans 1.7" lines, or `"gold": 1.7` with a `"rationales"`
 * list in JSON). Only feedback text counts, never the example's own inputs.
 */
export interface EvidenceItem {
  /** judge − humans, or null when the judge gave no score; undefined for examples shown without a judgment. */
  gap?: number | null;
  humans: number | null;
  text: string;
}

const GAP_LINE = /judge gave (\d+), humans ([\d.]+)|(?:malformed|the judge call failed)[^\n]*humans ([\d.]+)/g;
const BOUNDARY = /<\/feedback>|<\/human_feedback>|\n\n|(?<!\\)"\s*(,|\]|\n)|judge gave \d|malformed[^\n]*humans|the judge call failed|^humans [\d.]+/m;

function judgedItems(evidence: string): EvidenceItem[] {
  return [...evidence.matchAll(GAP_LINE)].map((mark) => {
    const rest = evidence.slice(mark.index!);
    const end = rest.slice(1).search(BOUNDARY);
    const humans = Number(mark[2] ?? mark[3]);
    return { gap: mark[1] !== undefined ? Number(mark[1]) - humans : null, humans, text: end < 0 ? rest : rest.slice(0, end + 1) };
  });
}

function humanOnlyItems(evidence: string): EvidenceItem[] {
  const lines = [...evidence.matchAll(/^humans(?: rated| gave)? ([\d.]+)\b/gm)].map((mark) => {
    const rest = evidence.slice(mark.index!);
    const end = rest.slice(1).search(BOUNDARY);
    return { humans: Number(mark[1]), text: end < 0 ? rest : rest.slice(0, end + 1) };
  });
  const json = [...evidence.matchAll(/"gold":\s*([\d.]+)\s*,\s*"rationales":\s*\[([^\]]*)\]/g)].map((mark) => ({ humans: Number(mark[1]), text: mark[2]!.replace(/\\"/g, '"') }));
  return [...lines, ...json];
}

export function evidenceItems(evidence: string): EvidenceItem[] {
  const judged = judgedItems(evidence);
  // An example shown twice (in a summary and in a JSON list) counts once.
  const seen = judged.map((item) => item.text);
  const humanOnly = humanOnlyItems(evidence).filter((item) => !seen.some((text) => item.text.split(/",\s*"/).every((part) => text.includes(part.replace(/^\s*"|"\s*$/g, "").trim()))));
  return [...judged, ...humanOnly];
}

/** How much an item says about a criterion: a judged miss counts fully, a human rationale without a judgment half, a judged agreement not at all. */
export function evidenceWeight(item: EvidenceItem): number {
  if (item.gap !== undefined) return item.gap === null || Math.abs(item.gap) >= 0.75 ? 1 : 0;
  return 0.5;
}

/** Field names the prompt shows (`### name` headings or JSON keys), so the model knows what kind of task it is. */
export function fieldNamesIn(evidence: string): Record<string, string> {
  const names = [...evidence.matchAll(/^### (\w+)$/gm), ...evidence.matchAll(/"(\w+)":/g)].map((match) => match[1]!);
  return Object.fromEntries(names.map((name) => [name, ""]));
}
