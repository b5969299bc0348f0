"use client";

import { AdaptationChart, type AdaptationBar } from "@/components/charts/adaptation-chart";
import { Card } from "@/components/ui/card";
import { formatNumber, formatPercent } from "@/lib/format";
import { isAdaptation } from "@/lib/optimizer/adaptation";
import type { OptimizerRunViewJson } from "./types";

type Run = OptimizerRunViewJson["run"];
type Measure = NonNullable<Run["adaptation"]>["before"];

const name = (measure: Pick<Measure, "label" | "model">) => measure.label ?? measure.model;

/** A run adapting the judge to another model: that model before and after on test, next to the reference model. */
export function AdaptationCard({ run }: { run: Run }) {
  if (!isAdaptation(run.config)) return null;
  const adapted = run.config.judgeModelLabel ?? run.config.judgeModel;
  const reference = run.config.reference ?? null;
  const result = run.adaptation;
  if (!result) {
    const active = run.status === "queued" || run.status === "running";
    return (
      <Card title={`Adapting the judge to ${adapted}`}>
        <p className="text-sm text-slate-600" data-testid="adaptation-pending">
          {adapted} judges every metric call of this run.{" "}
          {active
            ? `When it ends, ${adapted} is measured on the test split with the starting instruction and with the final one${reference ? `, beside the reference model ${reference.label ?? reference.model} with the starting instruction` : ""}.`
            : run.status === "done"
              ? "The dataset has no labeled test examples, so nothing was measured there."
              : `The run ${run.status} before the test split was measured; resume it to finish.`}
        </p>
      </Card>
    );
  }
  const rows: { key: string; label: string; measure: Measure; tone: AdaptationBar["tone"] }[] = [
    { key: "before", label: `${name(result.before)} · before`, measure: result.before, tone: "before" },
    { key: "after", label: `${name(result.after)} · adapted`, measure: result.after, tone: "after" },
    ...(result.reference ? [{ key: "reference", label: `${name(result.reference)} · reference`, measure: result.reference, tone: "reference" as const }] : []),
  ];
  const gap = result.reference ? result.after.nmse - result.reference.nmse : null;
  return (
    <Card title={`Adapted to ${adapted}: test split, ${result.after.examples} examples`}>
      <div className="grid gap-6 lg:grid-cols-[1fr_1.2fr]">
        <table className="w-full text-sm" data-testid="adaptation-table">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="pb-2 font-medium">model · instruction</th>
              <th className="pb-2 font-medium">NMSE</th>
              <th className="pb-2 font-medium">JSON valid</th>
              <th className="pb-2 font-medium" title="Answers that could not be read the first time, so the model was asked again (and paid twice)">
                re-asked
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className="border-t border-slate-100 tabular-nums" data-testid={`adaptation-${row.key}`}>
                <td className="py-1.5">{row.label}</td>
                <td data-testid={`adaptation-${row.key}-nmse`}>{formatNumber(row.measure.nmse)}</td>
                <td data-testid={`adaptation-${row.key}-json`}>{formatPercent(row.measure.jsonValidRate)}</td>
                <td data-testid={`adaptation-${row.key}-reasked`}>{formatPercent(row.measure.reaskRate ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <AdaptationChart bars={rows.map((row) => ({ name: row.label, nmse: row.measure.nmse, jsonValid: row.measure.jsonValidRate, tone: row.tone }))} />
      </div>
      <p className="mt-3 text-sm text-slate-600">
        {name(result.after)} went from NMSE {formatNumber(result.before.nmse)} to {formatNumber(result.after.nmse)} and from {formatPercent(result.before.jsonValidRate)} to{" "}
        {formatPercent(result.after.jsonValidRate)} JSON-valid answers
        {gap !== null && result.reference
          ? gap <= 0
            ? `, at or below ${name(result.reference)}'s ${formatNumber(result.reference.nmse)}.`
            : `, ${formatNumber(gap)} above ${name(result.reference)}'s ${formatNumber(result.reference.nmse)}.`
          : "."}{" "}
        Measured on test examples the optimizer never saw; these calls are outside the budget.
      </p>
      {result.referenceProblem ? (
        <p className="mt-2 text-sm text-amber-800" data-testid="adaptation-reference-problem">
          The reference model was not measured: {result.referenceProblem}
        </p>
      ) : null}
    </Card>
  );
}
