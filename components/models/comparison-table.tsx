"use client";

import { Button } from "@/components/ui/button";
import type { Jsonify } from "@/lib/api-client";
import { formatNumber, formatPercent } from "@/lib/format";
import type { comparisonView } from "@/lib/judge/model-comparisons";

type View = Jsonify<ReturnType<typeof comparisonView>>;

const columns = [
  ["label", "model"],
  ["nmse", "NMSE"],
  ["deltaToBest", "Δ best"],
  ["kappa", "κ"],
  ["jsonValidRate", "JSON valid"],
  ["reaskRate", "re-asked"],
  ["malformedRate", "malformed"],
  ["errorRate", "errors"],
  ["meanLatencyMs", "mean ms"],
  ["p95LatencyMs", "p95 ms"],
  ["tokensIn", "tokens in"],
  ["tokensOut", "tokens out"],
  ["costPer1000", "$ / 1k"],
  ["datasetCost", "$ dataset"],
] as const;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

/** A row per model, downloadable as CSV and JSON. */
export function ComparisonTable({ view, onAdapt }: { view: View; onAdapt?: (label: string) => void }) {
  const rows = view.models.flatMap((model) => (model.row ? [model.row] : []));
  const csv = [columns.map(([key]) => key).join(","), ...rows.map((row) => columns.map(([key]) => String(row[key] ?? "")).join(","))].join("\n") + "\n";
  const name = `comparison-${view.comparison.id}`;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="comparison-rows">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              {columns.map(([key, title]) => (
                // κ is a symbol: upper case would make it a Greek capital kappa.
                <th key={key} className={`px-2 pb-2 align-bottom font-medium ${key === "kappa" ? "normal-case" : ""} ${key === "label" ? "sticky left-0 bg-white" : ""}`}>
                  {title}
                </th>
              ))}
              {onAdapt ? <th className="px-2 pb-2" /> : null}
            </tr>
          </thead>
          <tbody>
            {view.models.map((model) => {
              const row = model.row;
              return (
                <tr key={model.label} className="border-t border-slate-100 tabular-nums" data-testid={`comparison-row-${model.label}`}>
                  <td className="sticky left-0 whitespace-nowrap bg-white px-2 py-1.5 font-medium">{model.label}</td>
                  {row ? (
                    <>
                      <td className="px-2" title={row.malformedRate === 1 ? "No answer could be read: this NMSE measures the answer format, not the judgment" : undefined}>
                        {formatNumber(row.nmse)}
                        {row.malformedRate === 1 ? <span className="ml-1 text-rose-700">(no readable answer)</span> : null}
                      </td>
                      <td className="px-2">{row.deltaToBest === 0 ? "best" : formatNumber(row.deltaToBest)}</td>
                      <td className="px-2">{formatNumber(row.kappa)}</td>
                      <td className="px-2">{formatPercent(row.jsonValidRate)}</td>
                      <td className="px-2">{formatPercent(row.reaskRate)}</td>
                      <td className="px-2">{formatPercent(row.malformedRate)}</td>
                      <td className="px-2">{formatPercent(row.errorRate)}</td>
                      <td className="px-2">{formatNumber(row.meanLatencyMs, 0)}</td>
                      <td className="px-2">{formatNumber(row.p95LatencyMs, 0)}</td>
                      <td className="px-2">{row.tokensIn.toLocaleString("en-US")}</td>
                      <td className="px-2">{row.tokensOut.toLocaleString("en-US")}</td>
                      <td className="px-2">{row.costPer1000.toFixed(4)}</td>
                      <td className="px-2">{row.datasetCost.toFixed(4)}</td>
                      {onAdapt ? (
                        <td className="px-2 text-right">
                          <Button
                            variant="secondary"
                            className="py-1 text-xs"
                            onClick={() => onAdapt(model.label)}
                            data-testid={`adapt-${model.label}`}
                            title="Optimize the instruction for this model"
                          >
                            Adapt
                          </Button>
                        </td>
                      ) : null}
                    </>
                  ) : (
                    <td className="px-2 text-slate-500" colSpan={columns.length - 1 + (onAdapt ? 1 : 0)}>
                      {model.run.status === "failed" || model.run.status === "cancelled" ? `${model.run.status}: ${model.run.error ?? "no result"}` : `${model.run.done} / ${model.run.total} judged…`}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">
        Human noise floor on this split: {formatNumber(view.noiseFloor)} · best constant judge: {formatNumber(view.baselineNmse)}. Latency counts calls that reached the model (cache hits left out);
        cost uses each model&apos;s configured prices.
      </p>
      {rows.length > 0 ? (
        <div className="flex gap-2">
          <Button variant="secondary" className="py-1 text-xs" onClick={() => download(`${name}.csv`, "text/csv", csv)} data-testid="comparison-csv">
            Download CSV
          </Button>
          <Button variant="secondary" className="py-1 text-xs" onClick={() => download(`${name}.json`, "application/json", JSON.stringify({ ...view.comparison, rows }, null, 2))}>
            Download JSON
          </Button>
        </div>
      ) : null}
    </div>
  );
}
