CREATE TABLE `configured_models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label` text NOT NULL,
	`base_url` text NOT NULL,
	`api_key_env` text,
	`model` text NOT NULL,
	`input_price_per_mtok` real DEFAULT 0 NOT NULL,
	`output_price_per_mtok` real DEFAULT 0 NOT NULL,
	`concurrency` integer DEFAULT 8 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `configured_models_label_unique` ON `configured_models` (`label`);--> statement-breakpoint
ALTER TABLE `datasets` ADD `judge_model_label` text;--> statement-breakpoint
ALTER TABLE `datasets` ADD `reflection_model_label` text;--> statement-breakpoint
ALTER TABLE `optimizer_runs` ADD `adaptation` text;