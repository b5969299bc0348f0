ALTER TABLE `optimizer_candidates` ADD `merge_parent_index` integer;--> statement-breakpoint
ALTER TABLE `optimizer_candidates` ADD `origin` text DEFAULT 'reflection' NOT NULL;--> statement-breakpoint
ALTER TABLE `optimizer_iterations` ADD `kind` text DEFAULT 'reflection' NOT NULL;--> statement-breakpoint
ALTER TABLE `optimizer_iterations` ADD `merge_parent_index` integer;--> statement-breakpoint
ALTER TABLE `optimizer_iterations` ADD `parent_judgments` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `optimizer_iterations` ADD `child_judgments` text;--> statement-breakpoint
ALTER TABLE `optimizer_iterations` ADD `evidence_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `optimizer_iterations` ADD `failure` text;--> statement-breakpoint
ALTER TABLE `optimizer_iterations` ADD `screen` text;--> statement-breakpoint
ALTER TABLE `optimizer_runs` ADD `stop_detail` text;--> statement-breakpoint
ALTER TABLE `optimizer_runs` ADD `notices` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `optimizer_runs` ADD `reflection_failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `optimizer_runs` ADD `final_selection` text;--> statement-breakpoint
UPDATE `optimizer_candidates` SET `origin` = 'seed' WHERE `index` = 0;