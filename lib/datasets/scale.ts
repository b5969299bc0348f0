/** The fixed 1–5 scale. Anchors describe each level; a dataset may word its own. */
export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

export type ScaleAnchors = Record<`${Score}`, string>;

export const defaultAnchors: ScaleAnchors = {
  "1": "Poor: fails the task",
  "2": "Weak: serious problems",
  "3": "Fair: mixed, clear flaws",
  "4": "Good: minor issues only",
  "5": "Excellent: fully meets the task",
};

export function anchorsOf(custom: ScaleAnchors | null | undefined): ScaleAnchors {
  return { ...defaultAnchors, ...(custom ?? {}) };
}
