"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** NMSE per evaluation run, with the human noise floor as a dashed line. */
export function NmseHistoryChart({ series, noiseFloor }: { series: { run: string; nmse: number; prompt: number }[]; noiseFloor: number | null }) {
  return (
    <div className="h-56" data-testid="nmse-history-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={series} margin={{ top: 10, right: 16, bottom: 0, left: -10 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="run" tick={{ fontSize: 11, fill: "#64748b" }} />
          <YAxis
            tick={{ fontSize: 11, fill: "#64748b" }}
            domain={[0, (dataMax: number) => Math.ceil(Math.max(dataMax, noiseFloor ?? 0) * 1.1)]}
            label={{ value: "NMSE", angle: -90, position: "insideLeft", offset: 20, fontSize: 11, fill: "#64748b" }}
          />
          <Tooltip formatter={(value) => [value, "NMSE"]} labelFormatter={(label, payload) => `Run ${label} · prompt v${payload?.[0]?.payload?.prompt ?? "?"}`} />
          {noiseFloor !== null ? <ReferenceLine y={noiseFloor} stroke="#f59e0b" strokeDasharray="6 4" label={{ value: "humans", position: "insideTopRight", fontSize: 11, fill: "#b45309" }} /> : null}
          <Line type="monotone" dataKey="nmse" stroke="#4f46e5" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
