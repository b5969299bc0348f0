"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { SessionUser } from "@/db/queries/auth";
import { ApiError, fetchJson } from "@/lib/api-client";

const inputClass = "w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/** Admins add labelers and admins, and set passwords. */
export function UsersAdmin() {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: () => fetchJson<{ users: SessionUser[] }>("/api/users") });
  const [form, setForm] = useState({ username: "", password: "", role: "labeler" as "labeler" | "admin", adjudicator: false });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const create = useMutation({
    mutationFn: () => fetchJson<{ user: SessionUser }>("/api/users", { method: "POST", body: JSON.stringify(form) }),
    onSuccess: ({ user }) => {
      setMessage({ ok: true, text: `Added ${user.username} (${user.role}). Give them the URL and their password.` });
      setForm({ username: "", password: "", role: "labeler", adjudicator: false });
      void queryClient.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (error) => setMessage({ ok: false, text: error instanceof ApiError ? error.message : "Could not add the user." }),
  });

  // The new value is React state set in the click itself: a controlled checkbox whose value
  // only changed in the query cache would snap back until the cache's update is delivered.
  const [pendingRole, setPendingRole] = useState<Record<number, boolean>>({});

  async function toggleAdjudicator(user: SessionUser, adjudicator: boolean) {
    setPendingRole((pending) => ({ ...pending, [user.id]: adjudicator }));
    try {
      await fetchJson(`/api/users/${user.id}`, { method: "PATCH", body: JSON.stringify({ adjudicator }) });
      setMessage({ ok: true, text: `${user.username} ${adjudicator ? "now adjudicates human disagreements" : "no longer adjudicates"}.` });
    } catch (error) {
      setMessage({ ok: false, text: error instanceof ApiError ? error.message : "Could not change the role." });
    }
    // The server's answer (or the refusal) replaces what was shown.
    await queryClient.invalidateQueries({ queryKey: ["users"] });
    setPendingRole(({ [user.id]: _settled, ...rest }) => rest);
  }

  async function resetPassword(user: SessionUser) {
    const password = window.prompt(`New password for ${user.username} (at least 10 characters):`);
    if (!password) return;
    try {
      await fetchJson(`/api/users/${user.id}/password`, { method: "POST", body: JSON.stringify({ password }) });
      setMessage({ ok: true, text: `Password of ${user.username} changed; their sessions ended.` });
    } catch (error) {
      setMessage({ ok: false, text: error instanceof ApiError ? error.message : "Could not change the password." });
    }
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_360px]">
      <Card title="Users">
        <table className="w-full text-sm" data-testid="user-list">
          <tbody>
            {users.data?.users.map((user) => (
              <tr key={user.id} className="border-t border-slate-100 first:border-0">
                <td className="py-2 font-medium">{user.username}</td>
                <td>
                  <Badge tone={user.role === "admin" ? "indigo" : "neutral"}>{user.role}</Badge>
                </td>
                <td>
                  {user.role === "labeler" ? (
                    <label className="flex items-center gap-1 text-xs text-slate-600" title="Adjudicators settle human disagreements and set the gold score.">
                      <input
                        type="checkbox"
                        checked={pendingRole[user.id] ?? user.adjudicator}
                        // One change at a time, so the box always ends on what the server holds.
                        disabled={pendingRole[user.id] !== undefined}
                        onChange={(event) => void toggleAdjudicator(user, event.target.checked)}
                        data-testid={`adjudicator-${user.username}`}
                      />
                      adjudicator
                    </label>
                  ) : (
                    <span className="text-xs text-slate-400">adjudicates</span>
                  )}
                </td>
                <td className="text-right">
                  <button type="button" className="text-xs text-indigo-600 hover:underline" onClick={() => void resetPassword(user)}>
                    set password
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Add a user">
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            setMessage(null);
            create.mutate();
          }}
        >
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">Username</span>
            <input className={inputClass} value={form.username} onChange={(event) => setForm({ ...form, username: event.target.value })} data-testid="new-username" />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">Password</span>
            <input
              className={inputClass}
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(event) => setForm({ ...form, password: event.target.value })}
              data-testid="new-password"
            />
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">Role</span>
            <select className={inputClass} value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value as "labeler" | "admin" })} data-testid="new-role">
              <option value="labeler">labeler: labels and views</option>
              <option value="admin">admin: also imports, evaluates, optimizes, exports</option>
            </select>
          </label>
          {form.role === "labeler" ? (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={form.adjudicator} onChange={(event) => setForm({ ...form, adjudicator: event.target.checked })} data-testid="new-adjudicator" />
              adjudicator: also settles human disagreements
            </label>
          ) : null}
          {message ? <p className={`text-sm ${message.ok ? "text-emerald-700" : "text-rose-700"}`}>{message.text}</p> : null}
          <Button type="submit" disabled={create.isPending} data-testid="add-user">
            Add user
          </Button>
        </form>
      </Card>
    </div>
  );
}
