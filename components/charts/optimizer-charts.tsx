"use client";

import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis, Area, AreaChart } from "recharts";

export interface IterationPoint {
  iteration: number;
  parent: number;
  child: number | null;
  outcome: string;
  acceptedValNmse: number | null;
  bestValNmse: number | null;
  metricCallsUsed: number;
}

const axis = { fontSize: 11, fill: "#64748b" };
export const outcomeColors: Record<string, string> = {
  accepted: "#059669",
  rejected: "#94a3b8",
  screened_out: "#f59e0b",
  guardrail: "#e11d48",
  all_perfect: "#cbd5e1",
  no_change: "#cbd5e1",
  reflection_failed: "#be123c",
  no_budget: "#a78bfa",
};

/** Val NMSE of each accepted candidate, the best so far, the seed and the human noise floor. */
export function ValNmseChart({ series, seed, noiseFloor }: { series: IterationPoint[]; seed: number | null; noiseFloor: number | null }) {
  const data = [{ iteration: 0, bestValNmse: seed, acceptedValNmse: seed }, ...series];
  return (
    <div className="h-64" data-testid="val-nmse-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 10, right: 16, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="iteration" tick={axis} label={{ value: "iteration", position: "insideBottomRight", offset: -2, fontSize: 11, fill: "#94a3b8" }} />
          {/* The humans' line stays in range, however far below or above the judge it is. */}
          <YAxis
            tick={axis}
            domain={[0, (dataMax: number) => Math.ceil(Math.max(dataMax, noiseFloor ?? 0) * 1.1)]}
            label={{ value: "val NMSE", angle: -90, position: "insideLeft", offset: 18, fontSize: 11, fill: "#94a3b8" }}
          />
          <Tooltip formatter={(value, name) => [typeof value === "number" ? value.toFixed(2) : value, name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {noiseFloor !== null ? (
            <ReferenceLine y={noiseFloor} stroke="#f59e0b" strokeDasharray="6 4" label={{ value: "humans", position: "insideBottomRight", fontSize: 11, fill: "#b45309" }} />
          ) : null}
          {seed !== null ? <ReferenceLine y={seed} stroke="#94a3b8" strokeDasharray="2 4" label={{ value: "seed", position: "insideTopRight", fontSize: 11, fill: "#64748b" }} /> : null}
          <Line type="stepAfter" dataKey="bestValNmse" name="best so far" stroke="#4f46e5" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Scatter dataKey="acceptedValNmse" name="accepted (screening part of val)" fill="#059669" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Parent vs child score sums on each minibatch; the child's bar is coloured by the iteration's outcome. */
const outcomeNames: Record<string, string> = {
  accepted: "accepted",
  rejected: "not better",
  screened_out: "screened out",
  guardrail: "guardrail",
  all_perfect: "all perfect",
  no_change: "no change",
  reflection_failed: "reflection failed",
  no_budget: "out of budget",
};

/**
 * Parent and child score sums on each iteration's minibatch, the child coloured by outcome. An
 * iteration that scored no child (a guardrail, a failed reflection) still gets a short marker in its
 * colour, so the chart has no silent gaps.
 */
export function MinibatchChart({ series }: { series: IterationPoint[] }) {
  const top = Math.max(1, ...series.map((point) => Math.max(point.parent, point.child ?? 0)));
  const data = series.map((point) => ({ ...point, marker: point.child === null ? top * 0.04 : null }));
  const present = [...new Set(series.map((point) => point.outcome))];
  return (
    <div data-testid="minibatch-chart">
      <div className="h-64">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 10, right: 16, bottom: 12, left: 0 }} barGap={1}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="iteration" tick={axis} label={{ value: "iteration", position: "insideBottom", offset: -8, fontSize: 11, fill: "#94a3b8" }} />
            <YAxis tick={axis} domain={[0, "auto"]} label={{ value: "minibatch score (higher is better)", angle: -90, position: "insideLeft", offset: 10, dy: 90, fontSize: 11, fill: "#94a3b8" }} />
            <Tooltip
              formatter={(value, name) => (name === "no child scored" ? ["—", name] : [typeof value === "number" ? value.toFixed(2) : "—", name])}
              labelFormatter={(label, payload) => `Iteration ${label}: ${outcomeNames[payload?.[0]?.payload?.outcome as string] ?? payload?.[0]?.payload?.outcome ?? ""}`}
            />
            <Bar dataKey="parent" name="parent" fill="#cbd5e1" isAnimationActive={false} />
            <Bar dataKey="child" name="child" isAnimationActive={false}>
              {data.map((point) => (
                <Cell key={point.iteration} fill={outcomeColors[point.outcome] ?? "#94a3b8"} />
              ))}
            </Bar>
            <Bar dataKey="marker" name="no child scored" isAnimationActive={false}>
              {data.map((point) => (
                <Cell key={point.iteration} fill={outcomeColors[point.outcome] ?? "#94a3b8"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-1 flex flex-wrap gap-3 text-[11px] text-slate-600" data-testid="minibatch-legend">
        <li className="flex items-center gap-1">
          <span className="inline-block h-2.5 w-2.5 rounded-sm bg-slate-300" /> parent
        </li>
        {present.map((outcome) => (
          <li key={outcome} className="flex items-center gap-1">
            <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: outcomeColors[outcome] ?? "#94a3b8" }} /> {outcomeNames[outcome] ?? outcome}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function GuardrailChart({ totals }: { totals: { label: string; count: number }[] }) {
  if (totals.every((total) => total.count === 0))
    return (
      <p className="text-sm text-slate-500" data-testid="guardrail-chart">
        No proposal has broken a guardrail: {totals.map((total) => total.label.toLowerCase()).join(", ")}, 0 each.
      </p>
    );
  return (
    <div className="h-48" data-testid="guardrail-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={totals} layout="vertical" margin={{ top: 5, right: 24, bottom: 0, left: 40 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tick={axis} allowDecimals={false} />
          <YAxis type="category" dataKey="label" tick={axis} width={90} />
          <Tooltip />
          <Bar dataKey="count" name="rejected proposals" fill="#e11d48" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function BudgetChart({ series, budget }: { series: IterationPoint[]; budget: number }) {
  return (
    <div className="h-48" data-testid="budget-chart">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={series} margin={{ top: 10, right: 16, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="iteration" tick={axis} />
          <YAxis tick={axis} domain={[0, budget]} />
          <Tooltip />
          <ReferenceLine y={budget} stroke="#e11d48" strokeDasharray="6 4" label={{ value: "budget", position: "insideTopLeft", fontSize: 11, fill: "#be123c" }} />
          <Area type="stepAfter" dataKey="metricCallsUsed" name="metric calls used" stroke="#4f46e5" fill="#c7d2fe" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
