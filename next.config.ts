import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native SQLite binding must be loaded by Node, not bundled.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  devIndicators: false,
};

export default nextConfig;
