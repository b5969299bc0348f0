"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface AdaptationBar {
  name: string;
  nmse: number;
  jsonValid: number;
  tone: "before" | "after" | "reference";
}

const fills = { before: "#cbd5e1", after: "#4f46e5", reference: "#059669" };

/** Test NMSE of the adapted model before and after, beside the reference model: the gap it closed, at a glance. */
export function AdaptationChart({ bars }: { bars: AdaptationBar[] }) {
  const top = Math.max(...bars.map((bar) => bar.nmse), 1);
  return (
    <div className="h-36" data-testid="adaptation-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, Math.ceil(top * 1.1)]} tick={{ fontSize: 11, fill: "#64748b" }} />
          <YAxis type="category" dataKey="name" width={170} tick={{ fontSize: 11, fill: "#64748b" }} />
          <Tooltip formatter={(value) => [typeof value === "number" ? value.toFixed(2) : value, "test NMSE (lower is better)"]} />
          <Bar dataKey="nmse" isAnimationActive={false}>
            {bars.map((bar) => (
              <Cell key={bar.name} fill={fills[bar.tone]} />
            ))}
            <LabelList dataKey="nmse" position="right" fontSize={11} fill="#334155" formatter={(value: unknown) => (typeof value === "number" ? value.toFixed(2) : "")} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
