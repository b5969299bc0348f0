import type { Metadata } from "next";
import { ProviderSettings } from "@/components/settings/provider-settings";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <ProviderSettings />
    </div>
  );
}
