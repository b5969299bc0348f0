export * from "./datasets";
export * from "./labels";
