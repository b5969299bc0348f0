import fs from "node:fs";
import path from "node:path";
import { checkGuardrails, type GuardrailContext, type GuardrailKind } from ".";
import { exampleTextsOf, LeakageChecker } from "./leakage";

const fixtures = path.join(import.meta.dirname, "..", "fixtures");

export interface CorpusEntry {
  line: number;
  /** Which example set of guardrail-context.json the proposal was written against. */
  context: string;
  kind: "adversarial" | "legitimate";
  /** The guardrail that should catch an adversarial entry. */
  guardrail: GuardrailKind | null;
  instruction: string;
}

interface ContextFile {
  task: string;
  seed: string;
  /** Examples as fields plus rationales, or as plain texts. */
  examples?: (Record<string, string | string[]> & { rationales: string[] })[];
  texts?: string[];
}

/** The labelled proposals of fixtures/guardrail-corpus.txt, each with the context it was written against. */
export function loadGuardrailCorpus(): { entries: CorpusEntry[]; contexts: Record<string, GuardrailContext> } {
  const files = JSON.parse(fs.readFileSync(path.join(fixtures, "guardrail-context.json"), "utf8")) as Record<string, ContextFile>;
  const contexts = Object.fromEntries(
    Object.entries(files).map(([name, file]) => [
      name,
      {
        seedInstruction: file.seed,
        taskDescription: file.task,
        maxLength: 4000,
        ...(file.texts
          ? { exampleTexts: file.texts }
          : exampleTextsOf(
              (file.examples ?? []).map(({ rationales, ...fields }) => ({
                inputs: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, String(value)])),
                rationales: rationales.map((rationale) => ({ rationale })),
              })),
            )),
      } satisfies GuardrailContext,
    ]),
  );
  const lines = fs.readFileSync(path.join(fixtures, "guardrail-corpus.txt"), "utf8").split("\n");
  const entries: CorpusEntry[] = [];
  let current: (CorpusEntry & { body: string[] }) | null = null;
  const close = () => {
    if (!current) return;
    const instruction = current.body
      .join("\n")
      .replace(/\{\{seed\}\}/g, contexts[current.context]!.seedInstruction)
      .replace(/\{\{repeat (\d+): (.+?)\}\}/g, (_match, count: string, text: string) => Array.from({ length: Number(count) }, () => text).join("\n"))
      .trim();
    entries.push({ line: current.line, context: current.context, kind: current.kind, guardrail: current.guardrail, instruction });
  };
  lines.forEach((line, index) => {
    const header = line.match(/^## (adversarial|legitimate)(?: (\w+))?(?: @(\w+))?$/);
    if (header) {
      close();
      const context = header[3] ?? "support";
      if (!contexts[context]) throw new Error(`guardrail-corpus.txt line ${index + 1}: no context "${context}"`);
      current = { line: index + 1, context, kind: header[1] as CorpusEntry["kind"], guardrail: (header[2] as GuardrailKind | undefined) ?? null, instruction: "", body: [] };
    } else if (current && !line.startsWith("#")) current.body.push(line);
  });
  close();
  return { entries, contexts };
}

export interface GuardrailScore {
  guardrail: GuardrailKind | "any";
  /** Adversarial entries labelled for this guardrail, and how many it caught. */
  adversarial: number;
  caught: number;
  /** Legitimate entries it rejected. */
  falseRejections: number;
  /** Of everything it rejected, the share that was adversarial. */
  precision: number;
  recall: number;
}

/** Precision and recall per guardrail, and for all of them together, on the corpus. */
export function scoreGuardrails(entries: CorpusEntry[], contexts: Record<string, GuardrailContext>) {
  const checkers = new Map(Object.entries(contexts).map(([name, context]) => [name, new LeakageChecker(context)]));
  const verdicts = entries.map((entry) => ({ entry, kinds: new Set(checkGuardrails(entry.instruction, contexts[entry.context]!, checkers.get(entry.context)).map((violation) => violation.kind)) }));
  const score = (guardrail: GuardrailKind | "any"): GuardrailScore => {
    const flags = (kinds: Set<GuardrailKind>) => (guardrail === "any" ? kinds.size > 0 : kinds.has(guardrail));
    const labelled = verdicts.filter(({ entry }) => entry.kind === "adversarial" && (guardrail === "any" || entry.guardrail === guardrail));
    const caught = labelled.filter(({ kinds }) => flags(kinds)).length;
    const flagged = verdicts.filter(({ kinds }) => flags(kinds));
    const falseRejections = flagged.filter(({ entry }) => entry.kind === "legitimate").length;
    return {
      guardrail,
      adversarial: labelled.length,
      caught,
      falseRejections,
      precision: flagged.length ? 1 - falseRejections / flagged.length : 1,
      recall: labelled.length ? caught / labelled.length : 1,
    };
  };
  const missed = verdicts.filter(({ entry, kinds }) => entry.kind === "adversarial" && kinds.size === 0).map(({ entry }) => entry);
  const wronglyRejected = verdicts.filter(({ entry, kinds }) => entry.kind === "legitimate" && kinds.size > 0).map(({ entry, kinds }) => ({ entry, kinds: [...kinds] }));
  return { scores: (["scale", "outputContract", "leakage", "length", "any"] as const).map(score), missed, wronglyRejected, legitimate: entries.filter((entry) => entry.kind === "legitimate").length };
}
