import type { SourceTable } from "@/lib/import/types";

function cellText(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

/** The first rows of an upload, as text, so a person can check the columns before importing. */
export function PreviewTable({ table, rows = 5 }: { table: SourceTable; rows?: number }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200" data-testid="import-preview">
      <table className="min-w-full text-left text-xs">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className="px-2 py-1.5 font-medium">line</th>
            {table.columns.map((column) => (
              <th key={column} className="px-2 py-1.5 font-mono font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.slice(0, rows).map((row) => (
            <tr key={row.line} className="border-t border-slate-100 align-top">
              <td className="px-2 py-1.5 tabular-nums text-slate-400">{row.line}</td>
              {table.columns.map((column) => (
                <td key={column} className="max-w-64 px-2 py-1.5 text-slate-800">
                  {cellText(row.values[column])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
