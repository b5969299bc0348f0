"use client";

import { CartesianGrid, LabelList, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";

export interface ChartPoint {
  label: string;
  nmse: number;
  costPer1000: number;
}

/** Models no other model beats on both NMSE and cost: the cheapest for their accuracy. */
export function paretoLabels(points: ChartPoint[]): Set<string> {
  return new Set(
    points
      .filter(
        (point) => !points.some((other) => other !== point && other.nmse <= point.nmse && other.costPer1000 <= point.costPer1000 && (other.nmse < point.nmse || other.costPer1000 < point.costPer1000)),
      )
      .map((point) => point.label),
  );
}

/** NMSE against cost per 1,000 judgments, the cheapest-for-their-accuracy models highlighted, the humans' floor drawn. */
export function ComparisonChart({ points, floor }: { points: ChartPoint[]; floor: number | null }) {
  const front = paretoLabels(points);
  const top = Math.max(floor ?? 0, ...points.map((point) => point.nmse));
  return (
    <div className="h-72" data-testid="comparison-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="costPer1000"
            name="$ per 1,000 judgments"
            tick={{ fontSize: 11, fill: "#64748b" }}
            label={{ value: "$ per 1,000 judgments", position: "insideBottom", offset: -12, fontSize: 11, fill: "#64748b" }}
          />
          <YAxis
            type="number"
            dataKey="nmse"
            name="NMSE"
            domain={[0, Math.ceil(top * 1.15) || 1]}
            tick={{ fontSize: 11, fill: "#64748b" }}
            label={{ value: "NMSE (lower is better)", angle: -90, position: "insideLeft", offset: 10, dy: 60, fontSize: 11, fill: "#64748b" }}
          />
          <ZAxis range={[90, 90]} />
          <Tooltip formatter={(value, name) => [typeof value === "number" ? value.toFixed(name === "NMSE" ? 2 : 4) : value, name]} />
          {floor !== null ? <ReferenceLine y={floor} stroke="#f59e0b" strokeDasharray="6 4" label={{ value: "humans", position: "insideTopRight", fontSize: 11, fill: "#b45309" }} /> : null}
          <Scatter data={points.filter((point) => front.has(point.label))} fill="#059669" name="cheapest for its accuracy" isAnimationActive={false}>
            <LabelList dataKey="label" position="top" fontSize={11} fill="#065f46" />
          </Scatter>
          <Scatter data={points.filter((point) => !front.has(point.label))} fill="#94a3b8" name="beaten on both" isAnimationActive={false}>
            <LabelList dataKey="label" position="top" fontSize={11} fill="#475569" />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
