export * from "./datasets";
export * from "./labels";
export * from "./judge";
export * from "./optimizer";
export * from "./auth";
export * from "./jobs";
export * from "./import-runs";
export * from "./adjudications";
