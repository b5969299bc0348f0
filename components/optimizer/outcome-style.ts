/** How each iteration outcome reads on the run page: a short label and a badge tone. */
export const outcomeStyle: Record<string, { label: string; tone: "neutral" | "indigo" | "amber" | "green" | "red" }> = {
  accepted: { label: "accepted", tone: "green" },
  rejected: { label: "not better", tone: "neutral" },
  screened_out: { label: "screened out", tone: "amber" },
  guardrail: { label: "guardrail", tone: "red" },
  reflection_failed: { label: "reflection failed", tone: "red" },
  no_change: { label: "no change", tone: "neutral" },
  all_perfect: { label: "already perfect", tone: "neutral" },
  no_budget: { label: "no budget left", tone: "indigo" },
};
