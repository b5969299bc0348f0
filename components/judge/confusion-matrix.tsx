/** Rows: humans (rounded gold); columns: judge. Darker cells hold more examples; the diagonal is agreement. */
export function ConfusionMatrix({ confusion }: { confusion: number[][] }) {
  const max = Math.max(1, ...confusion.flat());
  return (
    <div data-testid="confusion-matrix">
      <div className="mb-1 pl-16 text-center text-xs text-slate-500">judge score →</div>
      <div className="flex">
        <div className="flex w-16 items-center justify-center">
          <span className="rotate-90 whitespace-nowrap text-xs text-slate-500">human score →</span>
        </div>
        <table className="border-separate border-spacing-1 text-xs">
          <thead>
            <tr>
              <th />
              {[1, 2, 3, 4, 5].map((score) => (
                <th key={score} className="w-11 font-medium text-slate-500">
                  {score}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, i) => (
              <tr key={i}>
                <th className="pr-1 font-medium text-slate-500">{i + 1}</th>
                {row.map((count, j) => {
                  const strength = count / max;
                  return (
                    <td
                      key={j}
                      title={`humans ${i + 1}, judge ${j + 1}: ${count}`}
                      className={`h-10 w-11 rounded text-center tabular-nums ${i === j ? "ring-1 ring-emerald-400" : ""} ${strength > 0.55 ? "text-white" : "text-slate-800"}`}
                      style={{ backgroundColor: count === 0 ? "rgb(248 250 252)" : `rgba(79, 70, 229, ${0.12 + strength * 0.88})` }}
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
