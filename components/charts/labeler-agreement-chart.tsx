"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { niceTicks } from "./axis-ticks";

/** Each labeler's leave-one-out NMSE against the others, with the pooled floor: a drifting labeler stands out. */
export function LabelerAgreementChart({ rows, floor }: { rows: { name: string; nmse: number; labels: number }[]; floor: number | null }) {
  const ticks = niceTicks(Math.max(floor ?? 0, ...rows.map((row) => row.nmse)) * 1.1, { integer: true });
  return (
    <div style={{ height: 64 + rows.length * 28 }} data-testid="labeler-agreement-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 18, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, Math.max(...ticks)]} ticks={ticks} allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} />
          <YAxis type="category" dataKey="name" width={90} tick={{ fontSize: 11, fill: "#64748b" }} />
          <Tooltip formatter={(value) => [typeof value === "number" ? value.toFixed(2) : value, "NMSE vs the others"]} />
          {floor !== null ? <ReferenceLine x={floor} stroke="#f59e0b" strokeDasharray="6 4" label={{ value: "floor", position: "top", fontSize: 10, fill: "#b45309" }} /> : null}
          <Bar dataKey="nmse" isAnimationActive={false}>
            {rows.map((row) => (
              <Cell key={row.name} fill={floor !== null && row.nmse > 2 * floor ? "#e11d48" : "#6366f1"} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
