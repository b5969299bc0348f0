"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { fetchJson } from "@/lib/api-client";

const inputClass = "w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/** Name, task description and the ordered input fields of a new, empty dataset. */
export function CreateDatasetForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [task, setTask] = useState("");
  const [fields, setFields] = useState("input, output");
  const {
    run: submit,
    busy,
    error,
  } = useAction(async () => {
    const inputFields = fields
      .split(",")
      .map((field) => field.trim())
      .filter(Boolean);
    const { dataset } = await fetchJson<{ dataset: { id: number } }>("/api/datasets", { method: "POST", body: JSON.stringify({ name, task, inputFields }) });
    router.push(`/datasets/${dataset.id}`);
  }, "Could not create the dataset.");

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Name</span>
        <input className={inputClass} value={name} onChange={(event) => setName(event.target.value)} placeholder="Support answers" />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Task</span>
        <textarea className={`${inputClass} h-20`} value={task} onChange={(event) => setTask(event.target.value)} placeholder="Rate how well the answer resolves the customer's question." />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium text-slate-700">Input fields, in order</span>
        <input className={`${inputClass} font-mono`} value={fields} onChange={(event) => setFields(event.target.value)} />
        <span className="mt-1 block text-xs text-slate-500">Comma-separated. The judge sees each field under its name.</span>
      </label>
      {error ? <p className="text-sm text-rose-700">{error}</p> : null}
      <Button type="submit" disabled={busy || name.trim() === ""}>
        Create dataset
      </Button>
    </form>
  );
}
