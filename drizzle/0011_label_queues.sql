CREATE TABLE `label_queues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dataset_id` integer NOT NULL,
	`name` text NOT NULL,
	`rule` text NOT NULL,
	`labels_per_example` integer NOT NULL,
	`assignees` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `queue_items` (
	`queue_id` integer NOT NULL,
	`example_id` integer NOT NULL,
	`position` integer NOT NULL,
	`target` integer NOT NULL,
	PRIMARY KEY(`queue_id`, `example_id`),
	FOREIGN KEY (`queue_id`) REFERENCES `label_queues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`example_id`) REFERENCES `examples`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `queue_items_order` ON `queue_items` (`queue_id`,`position`);--> statement-breakpoint
CREATE TABLE `queue_reservations` (
	`queue_id` integer NOT NULL,
	`example_id` integer NOT NULL,
	`labeler_id` integer NOT NULL,
	`until` integer NOT NULL,
	PRIMARY KEY(`queue_id`, `example_id`, `labeler_id`),
	FOREIGN KEY (`queue_id`) REFERENCES `label_queues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`example_id`) REFERENCES `examples`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`labeler_id`) REFERENCES `labelers`(`id`) ON UPDATE no action ON DELETE cascade
);
