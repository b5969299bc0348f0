"use client";

import type { ImportMapping } from "@/lib/import/mapping";

const selectClass = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none";

/** Choose which column is the id, the inputs, the labels (one labeler each), the rationale and the split. */
export function FieldMapping({
  columns,
  mapping,
  onChange,
  fixedInputs,
}: {
  columns: string[];
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
  /** Importing into an existing dataset: its input fields, which the file must carry. */
  fixedInputs?: string[];
}) {
  const roleOf = (column: string): string => {
    if (column === mapping.idField) return "id";
    if (mapping.inputFields.includes(column)) return "input";
    if (mapping.labelFields.some((label) => label.field === column)) return "label";
    if (column === mapping.rationaleField) return "rationale";
    if (column === mapping.splitField) return "split";
    return "ignore";
  };

  function setRole(column: string, role: string) {
    const next: ImportMapping = {
      idField: mapping.idField === column ? "" : mapping.idField,
      inputFields: mapping.inputFields.filter((field) => field !== column),
      labelFields: mapping.labelFields.filter((label) => label.field !== column),
      rationaleField: mapping.rationaleField === column ? undefined : mapping.rationaleField,
      splitField: mapping.splitField === column ? undefined : mapping.splitField,
    };
    if (role === "id") next.idField = column;
    else if (role === "input") next.inputFields = columns.filter((candidate) => candidate === column || next.inputFields.includes(candidate));
    else if (role === "label") next.labelFields = [...next.labelFields, { field: column, labeler: column }];
    else if (role === "rationale") next.rationaleField = column;
    else if (role === "split") next.splitField = column;
    onChange(next);
  }

  return (
    <table className="w-full text-sm" data-testid="field-mapping">
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="pb-2 font-medium">Column</th>
          <th className="pb-2 font-medium">Role</th>
          <th className="pb-2 font-medium">Labeler name</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column) => {
          const role = roleOf(column);
          const label = mapping.labelFields.find((candidate) => candidate.field === column);
          const inputLocked = fixedInputs !== undefined && !fixedInputs.includes(column);
          return (
            <tr key={column} className="border-t border-slate-100">
              <td className="py-1.5 pr-3 font-mono text-xs text-slate-800">{column}</td>
              <td className="w-44 py-1.5 pr-3">
                <select className={selectClass} value={role} onChange={(event) => setRole(column, event.target.value)} aria-label={`Role of ${column}`} data-testid={`role-${column}`}>
                  <option value="ignore">ignore</option>
                  <option value="id">id</option>
                  <option value="input" disabled={inputLocked}>
                    input field
                  </option>
                  <option value="label">label (score 1–5)</option>
                  <option value="rationale">rationale</option>
                  <option value="split">split</option>
                </select>
              </td>
              <td className="py-1.5">
                {label ? (
                  <input
                    className={selectClass}
                    value={label.labeler}
                    aria-label={`Labeler for ${column}`}
                    onChange={(event) =>
                      onChange({
                        ...mapping,
                        labelFields: mapping.labelFields.map((candidate) => (candidate.field === column ? { ...candidate, labeler: event.target.value } : candidate)),
                      })
                    }
                  />
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
