export * from "./judge-metrics";
export * from "./human-agreement";
export * from "./bootstrap";
export * from "./definitions";
export * from "./sign-test";
export * from "./labeler-agreement";
