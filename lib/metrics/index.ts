export * from "./judge-metrics";
export * from "./human-agreement";
