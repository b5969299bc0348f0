CREATE TABLE `datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`task` text DEFAULT '' NOT NULL,
	`input_fields` text NOT NULL,
	`scale_anchors` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `datasets_name_unique` ON `datasets` (`name`);--> statement-breakpoint
CREATE TABLE `examples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`external_id` text NOT NULL,
	`inputs` text NOT NULL,
	`split` text NOT NULL,
	`content_hash` text NOT NULL,
	`position` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `examples_dataset_external_id` ON `examples` (`dataset_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `examples_dataset_position` ON `examples` (`dataset_id`,`position`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`file_hash` text NOT NULL,
	`row_count` integer NOT NULL,
	`examples_added` integer NOT NULL,
	`labels_added` integer NOT NULL,
	`labels_changed` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `label_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`example_id` integer NOT NULL,
	`labeler_id` integer NOT NULL,
	`score` real,
	`rationale` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`example_id`) REFERENCES `examples`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`labeler_id`) REFERENCES `labelers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `label_revisions_example_labeler` ON `label_revisions` (`example_id`,`labeler_id`);--> statement-breakpoint
CREATE TABLE `labelers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`is_aggregate` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labelers_name_unique` ON `labelers` (`name`);--> statement-breakpoint
CREATE TABLE `labels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`example_id` integer NOT NULL,
	`labeler_id` integer NOT NULL,
	`score` real NOT NULL,
	`rationale` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`example_id`) REFERENCES `examples`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`labeler_id`) REFERENCES `labelers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labels_example_labeler` ON `labels` (`example_id`,`labeler_id`);--> statement-breakpoint
CREATE INDEX `labels_labeler` ON `labels` (`labeler_id`);