"use client";

import { CartesianGrid, LabelList, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, type LabelProps } from "recharts";
import { niceTicks } from "@/components/charts/axis-ticks";

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

/** A point's name above it, anchored inward near either side of the plot so it crosses neither the Y axis nor the chart's edge. */
function PointLabel({ viewBox, parentViewBox, value, fill }: LabelProps) {
  if (!viewBox || !("width" in viewBox) || value === undefined) return null;
  const centre = viewBox.x + viewBox.width / 2;
  const plot = parentViewBox && "width" in parentViewBox ? parentViewBox : null;
  const share = plot && plot.width > 0 ? (centre - plot.x) / plot.width : 0.5;
  const anchor = share < 0.2 ? "start" : share > 0.8 ? "end" : "middle";
  const x = anchor === "start" ? viewBox.x : anchor === "end" ? viewBox.x + viewBox.width : centre;
  return (
    <text x={x} y={viewBox.y - 4} textAnchor={anchor} fontSize={11} fill={fill}>
      {value}
    </text>
  );
}

/** NMSE against cost per 1,000 judgments, the cheapest-for-their-accuracy models highlighted, the humans' floor drawn. */
export function ComparisonChart({ points, floor }: { points: ChartPoint[]; floor: number | null }) {
  const front = paretoLabels(points);
  // Headroom on both axes keeps the priciest and the worst model off the plot's edges.
  const nmseTicks = niceTicks(Math.max(floor ?? 0, ...points.map((point) => point.nmse)) * 1.1, { integer: true });
  const costTicks = niceTicks(Math.max(...points.map((point) => point.costPer1000)) * 1.1);
  return (
    <div className="h-72" data-testid="comparison-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 16, right: 56, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="costPer1000"
            name="$ per 1,000 judgments"
            domain={[0, Math.max(...costTicks)]}
            ticks={costTicks}
            tick={{ fontSize: 11, fill: "#64748b" }}
            label={{ value: "$ per 1,000 judgments", position: "insideBottom", offset: -12, fontSize: 11, fill: "#64748b" }}
          />
          <YAxis
            type="number"
            dataKey="nmse"
            name="NMSE"
            domain={[0, Math.max(...nmseTicks)]}
            ticks={nmseTicks}
            allowDecimals={false}
            tick={{ fontSize: 11, fill: "#64748b" }}
            label={{ value: "NMSE (lower is better)", angle: -90, position: "insideLeft", offset: 10, dy: 60, fontSize: 11, fill: "#64748b" }}
          />
          <ZAxis range={[90, 90]} />
          <Tooltip formatter={(value, name) => [typeof value === "number" ? value.toFixed(name === "NMSE" ? 2 : 4) : value, name]} />
          {floor !== null ? <ReferenceLine y={floor} stroke="#f59e0b" strokeDasharray="6 4" label={{ value: "humans", position: "right", fontSize: 11, fill: "#b45309" }} /> : null}
          <Scatter data={points.filter((point) => front.has(point.label))} fill="#059669" name="cheapest for its accuracy" isAnimationActive={false}>
            <LabelList dataKey="label" fill="#065f46" content={PointLabel} />
          </Scatter>
          <Scatter data={points.filter((point) => !front.has(point.label))} fill="#94a3b8" name="beaten on both" isAnimationActive={false}>
            <LabelList dataKey="label" fill="#475569" content={PointLabel} />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
