CREATE TABLE `model_comparisons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`prompt_id` integer NOT NULL,
	`split` text NOT NULL,
	`labels` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prompt_id`) REFERENCES `prompt_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `model_comparisons_dataset` ON `model_comparisons` (`dataset_id`);--> statement-breakpoint
ALTER TABLE `eval_runs` ADD `model_label` text;--> statement-breakpoint
ALTER TABLE `eval_runs` ADD `comparison_id` integer;