"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ApiError, fetchJson } from "@/lib/api-client";

const inputClass = "w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";
const empty = { label: "", baseURL: "", model: "", apiKeyEnv: "", inputPricePerMTok: "0", outputPricePerMTok: "0", concurrency: "8" };

/** Adds an OpenAI-compatible model; the server checks every field and says which one is wrong. */
export function AddModelForm({ keyVariables, onAdded }: { keyVariables: string[]; onAdded: () => void }) {
  const [form, setForm] = useState(empty);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (key: keyof typeof empty) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [key]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await fetchJson("/api/settings/models", {
        method: "POST",
        body: JSON.stringify({
          label: form.label,
          baseURL: form.baseURL,
          model: form.model,
          apiKeyEnv: form.apiKeyEnv.trim() === "" ? null : form.apiKeyEnv,
          inputPricePerMTok: Number(form.inputPricePerMTok),
          outputPricePerMTok: Number(form.outputPricePerMTok),
          concurrency: Number(form.concurrency),
        }),
      });
      setMessage({ ok: true, text: `Added ${form.label}. Test its connection before a dataset uses it.` });
      setForm(empty);
      onAdded();
    } catch (caught) {
      setMessage({ ok: false, text: caught instanceof ApiError ? caught.message : "Could not add the model." });
    } finally {
      setBusy(false);
    }
  }

  if (!open)
    return (
      <div className="mt-4">
        <Button variant="secondary" onClick={() => setOpen(true)} data-testid="add-model-open">
          Add a model
        </Button>
        {message?.ok ? <span className="ml-3 text-sm text-emerald-700">{message.text}</span> : null}
      </div>
    );
  const fields: [keyof typeof empty, string, string][] = [
    ["label", "Label", "gpt-4o-mini"],
    ["baseURL", "Base URL", "https://api.openai.com/v1"],
    ["model", "Model name", "gpt-4o-mini"],
    ["apiKeyEnv", "Key variable (optional)", "OPENROUTER_API_KEY"],
    ["inputPricePerMTok", "$ / M input tokens", "0.15"],
    ["outputPricePerMTok", "$ / M output tokens", "0.6"],
    ["concurrency", "Calls at once", "8"],
  ];
  return (
    <form onSubmit={(event) => void submit(event)} className="mt-4 space-y-3 rounded-lg border border-slate-200 p-4" data-testid="add-model-form">
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map(([key, title, placeholder]) => (
          <label key={key} className="text-xs font-medium text-slate-600">
            {title}
            <input className={inputClass} value={form[key]} onChange={set(key)} placeholder={placeholder} maxLength={500} name={key} />
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500" data-testid="key-variables">
        Attune reads the key from that variable in the server&apos;s environment when it calls the model, and never stores or shows it. The server&apos;s operator lists the variables a model added
        here may use in <code>ATTUNE_MODEL_KEY_VARS</code>:{" "}
        {keyVariables.length > 0 ? keyVariables.map((name) => <code key={name}>{name} </code>) : "none yet, so only models that need no key (a local server) can be added."}
      </p>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-rose-700"}`}>
          {message.text}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Adding…" : "Add model"}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
