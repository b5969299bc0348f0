import type { Metadata } from "next";
import { ModelList } from "@/components/settings/model-list";
import { ProviderSettings } from "@/components/settings/provider-settings";
import { requirePageUser } from "@/app/_server/current-user";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageUser();
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <ProviderSettings />
      <ModelList />
    </div>
  );
}
