import { anchorsOf, SCORES, type ScaleAnchors } from "@/lib/datasets/scale";

/** The first instruction of a dataset's judge, written from its task and scale anchors. */
export function seedInstruction(task: string, anchors: ScaleAnchors | null): string {
  const levels = anchorsOf(anchors);
  return ["You are an expert evaluator.", task.trim() || "Rate the quality of the example.", "Use this scale:", ...SCORES.map((score) => `${score} = ${levels[`${score}`]}`)].join("\n");
}
